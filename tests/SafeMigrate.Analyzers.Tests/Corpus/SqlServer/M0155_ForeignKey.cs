// expect: SM2004
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(155)]
    public class ShipmentsReferenceOrders : Migration
    {
        public override void Up()
        {
            Create.ForeignKey("FK_Shipments_Orders")
                .FromTable("Shipments").InSchema("dbo").ForeignColumn("OrderId")
                .ToTable("Orders").InSchema("dbo").PrimaryColumn("Id");
        }

        public override void Down()
        {
            Delete.ForeignKey("FK_Shipments_Orders").OnTable("Shipments").InSchema("dbo");
        }
    }
}
