// expect: SM2005
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406281000)]
    public class PrimaryKeyForPageViews : Migration
    {
        public override void Up()
        {
            Create.PrimaryKey("pk_page_views").OnTable("page_views").Columns("session_id", "viewed_at");
        }

        public override void Down()
        {
            Delete.PrimaryKey("pk_page_views").FromTable("page_views");
        }
    }
}
