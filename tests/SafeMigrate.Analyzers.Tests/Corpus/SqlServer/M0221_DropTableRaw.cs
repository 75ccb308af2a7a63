// expect: SM4001
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(221)]
    public class DropOldPromotions : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
IF OBJECT_ID(N'dbo.Promotions_Old', N'U') IS NOT NULL
    DROP TABLE dbo.Promotions_Old;");
        }

        public override void Down()
        {
        }
    }
}
