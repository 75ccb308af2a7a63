// expect: SM1005
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409161000)]
    public class BillingTaxColumns : Migration
    {
        public override void Up()
        {
            var invoices = Alter.Table("invoices").InSchema("billing");
            invoices.AddColumn("tax_rate").AsDecimal(5, 2).NotNullable();
            invoices.AddColumn("tax_note").AsString(200).Nullable();
        }

        public override void Down()
        {
        }
    }
}
