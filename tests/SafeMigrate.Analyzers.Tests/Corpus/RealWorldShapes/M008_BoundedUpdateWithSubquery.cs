// expect: none
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(8)]
    public class UnmonitorEpisodesOfUnmonitoredSeries : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Execute.Sql("UPDATE \"Episodes\" SET \"Monitored\" = false WHERE \"SeriesId\" IN (SELECT \"Id\" FROM \"Series\" WHERE \"Monitored\" = false)");
        }
    }
}
