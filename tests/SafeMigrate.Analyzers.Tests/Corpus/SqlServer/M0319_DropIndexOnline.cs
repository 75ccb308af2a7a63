// expect: none
using FluentMigrator;
using FluentMigrator.SqlServer;

namespace Catalog.Migrations
{
    [Migration(319)]
    public class DropUnusedProductIndex : Migration
    {
        public override void Up()
        {
            Delete.Index("IX_Products_Name").OnTable("Products").InSchema("dbo").WithOptions().Online();
        }

        public override void Down()
        {
        }
    }
}
