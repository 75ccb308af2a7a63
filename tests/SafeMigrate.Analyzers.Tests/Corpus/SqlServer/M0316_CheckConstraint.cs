// expect: SM4004
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(316)]
    public class NonNegativeTotals : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE dbo.Orders ADD CONSTRAINT CK_Orders_Total_NonNegative CHECK (Total >= 0);");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE dbo.Orders DROP CONSTRAINT CK_Orders_Total_NonNegative;");
        }
    }
}
