// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(182)]
    public class PurgeOldSessions : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
DELETE TOP (4000) FROM dbo.Sessions
WHERE ExpiresAt < DATEADD(day, -30, SYSUTCDATETIME());");
        }

        public override void Down()
        {
        }
    }
}
