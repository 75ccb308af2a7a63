// expect: SM2001
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(3)]
    public class IndexEpisodeAirDate : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Create.Index().OnTable("Episodes").OnColumn("AirDate").Ascending();
        }
    }
}
