// expect: SM2001
using FluentMigrator;
using FluentMigrator.SqlServer;

namespace Shop.Migrations
{
    [Migration(202406051000)]
    public class IndexPaymentsByProvider : Migration
    {
        public override void Up()
        {
            Create.Index("ix_payments_provider_ref").OnTable("payments")
                .OnColumn("provider").Ascending()
                .OnColumn("provider_reference").Ascending()
                .WithOptions().Online();
        }

        public override void Down()
        {
            Delete.Index("ix_payments_provider_ref").OnTable("payments");
        }
    }
}
