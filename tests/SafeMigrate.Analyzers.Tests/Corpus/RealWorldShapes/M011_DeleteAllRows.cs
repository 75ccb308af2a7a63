// expect: SM3001
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(11)]
    public class ClearPendingReleases : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Delete.FromTable("PendingReleases").AllRows();
        }
    }
}
