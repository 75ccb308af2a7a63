// expect: SM2004
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202404181000)]
    public class ReviewsReferenceProducts : Migration
    {
        public override void Up()
        {
            Create.ForeignKey("fk_reviews_products")
                .FromTable("reviews").ForeignColumn("product_id")
                .ToTable("products").PrimaryColumn("id")
                .OnDelete(System.Data.Rule.Cascade);
        }

        public override void Down()
        {
            Delete.ForeignKey("fk_reviews_products").OnTable("reviews");
        }
    }
}
