// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(209)]
    public class ProductsModifiedAtTrigger : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
CREATE OR ALTER TRIGGER dbo.TR_Products_ModifiedAt ON dbo.Products
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE p SET ModifiedAt = SYSUTCDATETIME()
    FROM dbo.Products p
    INNER JOIN inserted i ON i.Id = p.Id;
END");
        }

        public override void Down()
        {
            Execute.Sql("DROP TRIGGER IF EXISTS dbo.TR_Products_ModifiedAt;");
        }
    }
}
