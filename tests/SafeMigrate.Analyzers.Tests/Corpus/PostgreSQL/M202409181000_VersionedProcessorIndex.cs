// expect: SM2001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409181000)]
    public class IndexInvoicesDueDate : Migration
    {
        public override void Up()
        {
            IfDatabase("PostgreSQL15_0").Create.Index("ix_invoices_due_date").OnTable("invoices").OnColumn("due_date").Ascending();
        }

        public override void Down()
        {
        }
    }
}
