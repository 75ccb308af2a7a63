// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(203)]
    public class InvoicesIsDisputed : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"ALTER TABLE dbo.Invoices
    ADD IsDisputed bit NOT NULL CONSTRAINT DF_Invoices_IsDisputed DEFAULT (0),
        DisputeReason nvarchar(400) NULL;");
        }

        public override void Down()
        {
        }
    }
}
