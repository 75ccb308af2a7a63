// expect: SM2002
using FluentMigrator;
using FluentMigrator.SqlServer;

namespace Catalog.Migrations
{
    public abstract class CatalogMigration : Migration
    {
        protected void CreateOnlineIndex(string table, string column)
        {
            Create.Index($"IX_{table}_{column}").OnTable(table).InSchema("dbo").OnColumn(column).Ascending().WithOptions().Online();
        }

        protected void CreateIndex(string table, string column)
        {
            Create.Index($"IX_{table}_{column}").OnTable(table).InSchema("dbo").OnColumn(column).Ascending();
        }

        public override void Down()
        {
        }
    }

    [Migration(188)]
    public class IndexInvoicesForDunning : CatalogMigration
    {
        public override void Up()
        {
            CreateOnlineIndex("Invoices", "DueDate");
            CreateIndex("Invoices", "CustomerId");
        }
    }
}
