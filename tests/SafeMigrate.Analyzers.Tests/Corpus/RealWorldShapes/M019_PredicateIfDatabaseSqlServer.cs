// expect: none
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(19)]
    public class RebuildIndexOnSqlServer : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            IfDatabase(id => id.Contains("SqlServer")).Create.Index("IX_Series_Title").OnTable("Series").OnColumn("Title").Ascending();
        }
    }
}
