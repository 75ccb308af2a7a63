// expect: SM4003
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(191)]
    public class RebuildFragmentedIndexes : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER INDEX IX_OrderLines_ProductId ON dbo.OrderLines REBUILD WITH (ONLINE = ON);");
            Execute.Sql("ALTER INDEX PK_Orders ON dbo.Orders REBUILD;");
        }

        public override void Down()
        {
        }
    }
}
