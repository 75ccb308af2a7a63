// expect: SM4001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408161000)]
    public class RenamePaymentsRef : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE payments RENAME COLUMN ref TO provider_reference;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE payments RENAME COLUMN provider_reference TO ref;");
        }
    }
}
