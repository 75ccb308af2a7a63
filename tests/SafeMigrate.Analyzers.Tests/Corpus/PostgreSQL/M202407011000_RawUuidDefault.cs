// expect: SM4006
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202407011000)]
    public class ShipmentsTrackingToken : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE shipments ADD COLUMN tracking_token uuid NOT NULL DEFAULT gen_random_uuid();");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE shipments DROP COLUMN tracking_token;");
        }
    }
}
