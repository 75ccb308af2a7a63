// expect: SM1007
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>Trigram search on product names, PostgreSQL only.</summary>
    [Migration(202407051000, TransactionBehavior.None)]
    public class ProductNameTrigramIndex : Migration
    {
        public override void Up()
        {
            IfDatabase("Postgres").Execute.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            IfDatabase("Postgres").Execute.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_products_name_trgm ON products USING gin (name gin_trgm_ops);");
        }

        public override void Down()
        {
            IfDatabase("Postgres").Execute.Sql("DROP INDEX IF EXISTS ix_products_name_trgm;");
        }
    }
}
