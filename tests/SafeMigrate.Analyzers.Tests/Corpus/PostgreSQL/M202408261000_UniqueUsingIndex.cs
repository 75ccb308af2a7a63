// expect: none
using FluentMigrator;
using FluentMigrator.Postgres;

namespace Shop.Migrations
{
    [Migration(202408261000, TransactionBehavior.None)]
    public class UniqueProductSlugIndex : Migration
    {
        public override void Up()
        {
            Create.Index("ux_products_slug").OnTable("products")
                .OnColumn("slug").Ascending()
                .WithOptions().Unique()
                .WithOptions().AsConcurrently();
        }

        public override void Down()
        {
            Execute.Sql("DROP INDEX CONCURRENTLY IF EXISTS ux_products_slug;");
        }
    }

    [Migration(202408261001)]
    public class UniqueProductSlugConstraint : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE products ADD CONSTRAINT uq_products_slug UNIQUE USING INDEX ux_products_slug;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE products DROP CONSTRAINT uq_products_slug;");
        }
    }
}
