// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(304)]
    public class MarkOrdersMigrated : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
WHILE 1 = 1
BEGIN
    UPDATE TOP (4000) dbo.Orders SET Migrated = 1 WHERE Migrated = 0;
    IF @@ROWCOUNT = 0 BREAK;
END");
        }

        public override void Down()
        {
        }
    }
}
