// expect: none
using FluentMigrator;
using FluentMigrator.SqlServer;

namespace Catalog.Migrations
{
    [Migration(104)]
    public class IndexProductsByCategory : Migration
    {
        public override void Up()
        {
            Create.Index("IX_Products_CategoryId")
                .OnTable("Products").InSchema("dbo")
                .OnColumn("CategoryId").Ascending()
                .WithOptions().Online();
        }

        public override void Down()
        {
            Delete.Index("IX_Products_CategoryId").OnTable("Products").InSchema("dbo");
        }
    }
}
