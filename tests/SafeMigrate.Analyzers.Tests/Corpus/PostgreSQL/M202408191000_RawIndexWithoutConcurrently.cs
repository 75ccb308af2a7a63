// expect: SM4003
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408191000, TransactionBehavior.None)]
    public class IndexPaymentsCreatedAt : Migration
    {
        public override void Up()
        {
            Execute.Sql("CREATE INDEX IF NOT EXISTS ix_payments_created_at ON payments USING brin (created_at);");
        }

        public override void Down()
        {
            Execute.Sql("DROP INDEX IF EXISTS ix_payments_created_at;");
        }
    }
}
