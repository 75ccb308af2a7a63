// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406261000, TransactionBehavior.None)]
    public class RefreshStatistics : Migration
    {
        public override void Up()
        {
            Execute.Sql("VACUUM (ANALYZE) order_lines;");
            Execute.Sql("ANALYZE orders;");
        }

        public override void Down()
        {
        }
    }
}
