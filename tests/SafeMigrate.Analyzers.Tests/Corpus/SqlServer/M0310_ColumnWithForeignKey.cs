// expect: SM2004
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(310)]
    public class ReviewsAuthor : Migration
    {
        public override void Up()
        {
            Create.Column("AuthorId").OnTable("Reviews").InSchema("dbo").AsInt32().Nullable()
                .ForeignKey("FK_Reviews_Customers", "dbo", "Customers", "Id");
        }

        public override void Down()
        {
        }
    }
}
