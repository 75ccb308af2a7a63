// expect: SM1006
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(16)]
    public class WidenEpisodeFileSize : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Alter.Column("Size").OnTable("EpisodeFiles").AsInt64().NotNullable();
        }
    }
}
