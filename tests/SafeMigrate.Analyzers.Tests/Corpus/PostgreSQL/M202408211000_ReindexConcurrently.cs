// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408211000, TransactionBehavior.None)]
    public class RebuildBloatedIndex : Migration
    {
        public override void Up()
        {
            Execute.Sql("REINDEX INDEX CONCURRENTLY ix_orders_status;");
        }

        public override void Down()
        {
        }
    }
}
