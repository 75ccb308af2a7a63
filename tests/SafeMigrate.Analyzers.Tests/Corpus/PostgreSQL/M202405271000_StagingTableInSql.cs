// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>Copies the first 1,000 active products into a staging table for the new search index.</summary>
    [Migration(202405271000)]
    public class SearchStaging : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
CREATE TABLE search_staging (product_id bigint PRIMARY KEY, document tsvector);
INSERT INTO search_staging (product_id, document)
    SELECT id, to_tsvector('english', name || ' ' || coalesce(description, ''))
    FROM products WHERE active ORDER BY id LIMIT 1000;
CREATE INDEX ix_search_staging_document ON search_staging USING gin (document);
UPDATE search_staging SET document = setweight(document, 'A');");
        }

        public override void Down()
        {
            Execute.Sql("DROP TABLE IF EXISTS search_staging;");
        }
    }
}
