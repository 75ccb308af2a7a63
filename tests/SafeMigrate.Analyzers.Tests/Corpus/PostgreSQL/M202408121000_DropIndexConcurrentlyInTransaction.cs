// expect: SM2006
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408121000)]
    public class DropCartsSessionIndex : Migration
    {
        public override void Up()
        {
            Execute.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_carts_session_id;");
        }

        public override void Down()
        {
        }
    }
}
