// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408231000)]
    public class OrdersGiftWrapFlag : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE orders ADD COLUMN gift_wrap boolean NOT NULL DEFAULT false;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE orders DROP COLUMN gift_wrap;");
        }
    }
}
