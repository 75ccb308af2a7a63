// expect: SM4001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409061000)]
    public class DropLegacyFlag : Migration
    {
        private const string Table = "customers";

        public override void Up()
        {
            Execute.Sql($"ALTER TABLE {Table} DROP COLUMN IF EXISTS legacy_flag;");
        }

        public override void Down()
        {
        }
    }
}
