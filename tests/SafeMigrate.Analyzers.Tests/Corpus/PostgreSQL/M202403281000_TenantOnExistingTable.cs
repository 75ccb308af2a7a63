// expect: SM1005, SM2001
using FluentMigrator;
using Shop.Migrations.Infrastructure;

namespace Shop.Migrations
{
    [Migration(202403281000)]
    public class InvoicesBecomeTenantAware : ShopMigration
    {
        public override void Up()
        {
            AddTenantColumn("invoices");
            IndexColumn("invoices", "tenant_id");
        }
    }
}
