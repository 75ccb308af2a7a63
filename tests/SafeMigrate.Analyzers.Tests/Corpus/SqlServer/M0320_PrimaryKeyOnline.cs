// expect: none
using FluentMigrator;
using FluentMigrator.SqlServer;

namespace Catalog.Migrations
{
    [Migration(320)]
    public class PrimaryKeyForShipmentEvents : Migration
    {
        public override void Up()
        {
            Create.PrimaryKey("PK_ShipmentEvents").OnTable("ShipmentEvents").WithSchema("dbo").Column("Id").Online();
        }

        public override void Down()
        {
        }
    }
}
