// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(308)]
    public class UniqueSkuPerCategory : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"CREATE UNIQUE NONCLUSTERED INDEX UX_Products_Category_Sku
    ON dbo.Products (CategoryId, Sku)
    WITH (ONLINE = ON, DROP_EXISTING = OFF);");
        }

        public override void Down()
        {
            Execute.Sql("DROP INDEX UX_Products_Category_Sku ON dbo.Products;");
        }
    }
}
