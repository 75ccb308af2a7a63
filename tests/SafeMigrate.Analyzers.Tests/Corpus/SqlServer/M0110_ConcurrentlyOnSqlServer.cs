// expect: SM2002
using FluentMigrator;
using FluentMigrator.Postgres;

namespace Catalog.Migrations
{
    /// <summary>Copied from the PostgreSQL service's migrations.</summary>
    [Migration(110, TransactionBehavior.None)]
    public class IndexCustomersByEmail : Migration
    {
        public override void Up()
        {
            Create.Index("IX_Customers_Email").OnTable("Customers").OnColumn("Email").Ascending()
                .WithOptions().AsConcurrently();
        }

        public override void Down()
        {
            Delete.Index("IX_Customers_Email").OnTable("Customers");
        }
    }
}
