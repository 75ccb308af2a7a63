// expect: SM1003
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(218)]
    public class RenameShipmentsCarrier : Migration
    {
        public override void Up()
        {
            Rename.Column("Carrier").OnTable("Shipments").InSchema("dbo").To("CarrierCode");
        }

        public override void Down()
        {
            Rename.Column("CarrierCode").OnTable("Shipments").InSchema("dbo").To("Carrier");
        }
    }
}
