// expect: SM4004
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202403121100)]
    public class AddShipmentsOrderForeignKey : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"ALTER TABLE shipments
                ADD CONSTRAINT fk_shipments_orders FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE shipments DROP CONSTRAINT fk_shipments_orders;");
        }
    }
}
