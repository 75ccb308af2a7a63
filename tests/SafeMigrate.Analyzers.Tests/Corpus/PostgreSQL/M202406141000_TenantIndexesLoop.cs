// expect: SM2001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406141000)]
    public class TenantIndexes : Migration
    {
        private static readonly string[] TenantTables = { "orders", "invoices", "shipments" };

        public override void Up()
        {
            foreach (var table in TenantTables)
            {
                Create.Index($"ix_{table}_tenant").OnTable(table).OnColumn("tenant_id").Ascending();
            }
        }

        public override void Down()
        {
            foreach (var table in TenantTables)
            {
                Delete.Index($"ix_{table}_tenant").OnTable(table);
            }
        }
    }
}
