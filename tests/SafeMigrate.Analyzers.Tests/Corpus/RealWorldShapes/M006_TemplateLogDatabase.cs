// expect: SM1002
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(6)]
    public class DropOldLogs : MediaMigrationBase
    {
        protected override void LogDbUpgrade()
        {
            Delete.Table("LogsArchive");
        }
    }
}
