// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202405241000)]
    public class AddGiftMessage : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
                SET LOCAL lock_timeout = '2s';
                ALTER TABLE orders ADD COLUMN IF NOT EXISTS gift_message text;
                COMMENT ON COLUMN orders.gift_message IS 'Printed on the packing slip';");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE orders DROP COLUMN IF EXISTS gift_message;");
        }
    }
}
