// expect: SM2005
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(152)]
    public class UniqueInvoiceNumber : Migration
    {
        public override void Up()
        {
            Create.UniqueConstraint("UQ_Invoices_Number").OnTable("Invoices").Column("Number");
        }

        public override void Down()
        {
            Delete.UniqueConstraint("UQ_Invoices_Number").FromTable("Invoices");
        }
    }
}
