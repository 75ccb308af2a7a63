// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(125)]
    public class OrderLinesReporting : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'IX_OrderLines_ProductId' AND object_id = OBJECT_ID('dbo.OrderLines'))
BEGIN
    CREATE NONCLUSTERED INDEX IX_OrderLines_ProductId ON dbo.OrderLines (ProductId) INCLUDE (Quantity, UnitPrice)
        WITH (ONLINE = ON, SORT_IN_TEMPDB = ON);
END
GO
CREATE OR ALTER VIEW dbo.vProductSales AS
    SELECT ProductId, SUM(Quantity) AS Units, SUM(Quantity * UnitPrice) AS Revenue
    FROM dbo.OrderLines
    GROUP BY ProductId;
GO");
        }

        public override void Down()
        {
            Execute.Sql("DROP VIEW IF EXISTS dbo.vProductSales;");
        }
    }
}
