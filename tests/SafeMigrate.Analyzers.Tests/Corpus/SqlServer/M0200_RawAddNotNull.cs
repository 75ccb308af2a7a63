// expect: SM4002
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(200)]
    public class InvoicesTaxRate : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE dbo.Invoices ADD TaxRate decimal(5, 2) NOT NULL;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE dbo.Invoices DROP COLUMN TaxRate;");
        }
    }
}
