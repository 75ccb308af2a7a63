// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    /// <summary>Big table: the key is trusted for new rows only; old rows were checked by the import job.</summary>
    [Migration(131)]
    public class OrderLinesProductsForeignKey : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"ALTER TABLE dbo.OrderLines WITH NOCHECK
    ADD CONSTRAINT FK_OrderLines_Products FOREIGN KEY (ProductId) REFERENCES dbo.Products (Id);");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE dbo.OrderLines DROP CONSTRAINT FK_OrderLines_Products;");
        }
    }
}
