// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>The product runs on both engines; each gets its own online index statement.</summary>
    [Migration(202403201000, TransactionBehavior.None)]
    public class IndexProductsByCategory : Migration
    {
        public override void Up()
        {
            IfDatabase(ProcessorIdConstants.PostgreSQL).Execute.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_products_category ON products (category_id);");

            IfDatabase(ProcessorIdConstants.SqlServer).Execute.Sql(@"
                CREATE NONCLUSTERED INDEX IX_Products_Category ON dbo.Products (CategoryId) WITH (ONLINE = ON);");
        }

        public override void Down()
        {
            IfDatabase(ProcessorIdConstants.PostgreSQL).Execute.Sql("DROP INDEX IF EXISTS ix_products_category;");
            IfDatabase(ProcessorIdConstants.SqlServer).Execute.Sql("DROP INDEX IX_Products_Category ON dbo.Products;");
        }
    }
}
