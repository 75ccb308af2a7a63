// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406191000)]
    public class ReviewsNoLongerCascade : Migration
    {
        public override void Up()
        {
            Delete.ForeignKey("fk_reviews_customers").OnTable("reviews");
        }

        public override void Down()
        {
        }
    }
}
