// expect: SM1006
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(306)]
    public class ShipmentsTrackingOptional : Migration
    {
        public override void Up()
        {
            Alter.Column("TrackingNumber").OnTable("Shipments").InSchema("dbo").AsString(64).Nullable();
        }

        public override void Down()
        {
        }
    }
}
