// expect: SM4003
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408141000)]
    public class DropOldReviewIndex : Migration
    {
        public override void Up()
        {
            Execute.Sql("DROP INDEX IF EXISTS ix_reviews_created_old;");
        }

        public override void Down()
        {
        }
    }
}
