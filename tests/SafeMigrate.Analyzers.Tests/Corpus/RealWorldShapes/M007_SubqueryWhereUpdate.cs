// expect: SM4005
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(7)]
    public class CopySeriesTitleToEpisodes : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Execute.Sql("UPDATE \"Episodes\" SET \"SeriesTitle\" = (SELECT \"Title\" FROM \"Series\" WHERE \"Series\".\"Id\" = \"Episodes\".\"SeriesId\")");
        }
    }
}
