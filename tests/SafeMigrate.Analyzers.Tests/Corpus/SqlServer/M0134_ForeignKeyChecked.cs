// expect: SM4004
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(134)]
    public class ReviewsProductsForeignKey : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE [dbo].[Reviews] ADD CONSTRAINT [FK_Reviews_Products] FOREIGN KEY ([ProductId]) REFERENCES [dbo].[Products] ([Id]);");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE [dbo].[Reviews] DROP CONSTRAINT [FK_Reviews_Products];");
        }
    }
}
