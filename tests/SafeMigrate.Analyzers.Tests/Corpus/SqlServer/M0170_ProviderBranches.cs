// expect: none
using FluentMigrator;
using FluentMigrator.Postgres;
using FluentMigrator.SqlServer;

namespace Catalog.Migrations
{
    [Migration(170, TransactionBehavior.None)]
    public class IndexReviewsByProduct : Migration
    {
        public override void Up()
        {
            IfDatabase("SqlServer2016", "SqlServer").Create.Index("IX_Reviews_ProductId")
                .OnTable("Reviews").OnColumn("ProductId").Ascending()
                .WithOptions().Online();

            IfDatabase("PostgreSQL").Create.Index("ix_reviews_product_id")
                .OnTable("reviews").OnColumn("product_id").Ascending()
                .WithOptions().AsConcurrently();
        }

        public override void Down()
        {
            IfDatabase("SqlServer2016", "SqlServer").Delete.Index("IX_Reviews_ProductId").OnTable("Reviews");
            IfDatabase("PostgreSQL").Delete.Index("ix_reviews_product_id").OnTable("reviews");
        }
    }
}
