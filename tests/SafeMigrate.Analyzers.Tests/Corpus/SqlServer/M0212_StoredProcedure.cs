// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(212)]
    public class ArchiveProcedure : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
CREATE OR ALTER PROCEDURE dbo.ArchiveClosedCarts
    @BatchSize int = 1000
AS
BEGIN
    SET NOCOUNT ON;
    CREATE TABLE #ids (Id bigint PRIMARY KEY);
    INSERT INTO #ids (Id) SELECT TOP (@BatchSize) Id FROM dbo.Carts WHERE ClosedAt < DATEADD(month, -6, SYSUTCDATETIME());
    DELETE c FROM dbo.Carts c INNER JOIN #ids i ON i.Id = c.Id;
    DELETE FROM #ids;
END");
        }

        public override void Down()
        {
            Execute.Sql("DROP PROCEDURE IF EXISTS dbo.ArchiveClosedCarts;");
        }
    }
}
