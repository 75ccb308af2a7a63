// expect: SM2003
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(13)]
    public class DropHistoryDateIndex : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Delete.Index().OnTable("History").OnColumn("Date");
        }
    }
}
