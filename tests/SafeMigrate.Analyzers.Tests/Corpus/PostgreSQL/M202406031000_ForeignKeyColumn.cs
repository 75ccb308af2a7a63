// expect: SM2004
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406031000)]
    public class OrdersReferenceStores : Migration
    {
        public override void Up()
        {
            Alter.Table("orders")
                .AddColumn("store_id").AsInt32().Nullable().ForeignKey("fk_orders_stores", "stores", "id");
        }

        public override void Down()
        {
            Delete.ForeignKey("fk_orders_stores").OnTable("orders");
            Delete.Column("store_id").FromTable("orders");
        }
    }
}
