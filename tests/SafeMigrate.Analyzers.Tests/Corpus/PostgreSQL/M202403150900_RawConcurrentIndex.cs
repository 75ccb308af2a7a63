// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202403150900, TransactionBehavior.None, "Partial index for open carts")]
    public class IndexOpenCarts : Migration
    {
        public override void Up()
        {
            Execute.Sql("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_carts_open ON carts (customer_id) WHERE checked_out_at IS NULL;");
        }

        public override void Down()
        {
            Execute.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_carts_open;");
        }
    }
}
