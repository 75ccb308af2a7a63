// expect: SM4005
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409021000)]
    public class BackfillProductSlugs : Migration
    {
        public override void Up()
        {
            Execute.Sql("UPDATE products SET slug = lower(regexp_replace(name, '[^a-zA-Z0-9]+', '-', 'g'));");
        }

        public override void Down()
        {
        }
    }
}
