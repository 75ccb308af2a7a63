// expect: SM1005
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202404021500)]
    public class InvoicePaymentColumns : Migration
    {
        public override void Up()
        {
            var invoices = Alter.Table("invoices");
            invoices.AddColumn("paid_at").AsDateTime().Nullable();
            invoices.AddColumn("payment_reference").AsString(64).NotNullable();
        }

        public override void Down()
        {
            Delete.Column("paid_at").Column("payment_reference").FromTable("invoices");
        }
    }
}
