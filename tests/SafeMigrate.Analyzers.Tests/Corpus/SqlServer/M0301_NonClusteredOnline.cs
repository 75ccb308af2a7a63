// expect: none
using FluentMigrator;
using FluentMigrator.SqlServer;

namespace Catalog.Migrations
{
    [Migration(301)]
    public class IndexPaymentsByOrder : Migration
    {
        public override void Up()
        {
            Create.Index("IX_Payments_OrderId").OnTable("Payments").InSchema("dbo")
                .OnColumn("OrderId").Ascending()
                .WithOptions().NonClustered()
                .WithOptions().Online();
        }

        public override void Down()
        {
            Delete.Index("IX_Payments_OrderId").OnTable("Payments").InSchema("dbo");
        }
    }
}
