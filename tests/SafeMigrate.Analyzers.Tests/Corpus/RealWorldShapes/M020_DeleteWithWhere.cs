// expect: none
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(20)]
    public class RemoveOneBrokenRelease : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Delete.FromTable("PendingReleases").Row(new { Id = 42 });
        }
    }
}
