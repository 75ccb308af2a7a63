// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202401151030)]
    public class CreateOrders : Migration
    {
        public override void Up()
        {
            Create.Table("orders")
                .WithColumn("id").AsInt64().PrimaryKey().Identity()
                .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_orders_customers", "customers", "id").Indexed()
                .WithColumn("status").AsString(20).NotNullable().WithDefaultValue("new")
                .WithColumn("total").AsDecimal(12, 2).NotNullable()
                .WithColumn("placed_at").AsDateTime().NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime);

            Create.UniqueConstraint("uq_orders_customer_placed").OnTable("orders").Columns("customer_id", "placed_at");
        }

        public override void Down()
        {
            Delete.Table("orders");
        }
    }
}
