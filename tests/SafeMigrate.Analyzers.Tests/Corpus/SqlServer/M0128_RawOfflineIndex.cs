// expect: SM4003
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(128)]
    public class IndexShipmentsByStatus : Migration
    {
        public override void Up()
        {
            Execute.Sql("CREATE NONCLUSTERED INDEX IX_Shipments_Status ON dbo.Shipments (Status) INCLUDE (ShippedAt);");
        }

        public override void Down()
        {
            Execute.Sql("DROP INDEX IX_Shipments_Status ON dbo.Shipments;");
        }
    }
}
