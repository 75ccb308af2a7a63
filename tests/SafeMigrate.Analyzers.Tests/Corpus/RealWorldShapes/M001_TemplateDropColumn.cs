// expect: SM1001
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(1)]
    public class RemoveTvRageId : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Delete.Column("TvRageId").FromTable("Series");
        }
    }
}
