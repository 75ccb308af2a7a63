// expect: SM2006
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202403181400)]
    public class IndexProductsSku : Migration
    {
        public override void Up()
        {
            Execute.Sql("CREATE UNIQUE INDEX CONCURRENTLY ix_products_sku ON products (lower(sku));");
        }

        public override void Down()
        {
            Execute.Sql("DROP INDEX IF EXISTS ix_products_sku;");
        }
    }
}
