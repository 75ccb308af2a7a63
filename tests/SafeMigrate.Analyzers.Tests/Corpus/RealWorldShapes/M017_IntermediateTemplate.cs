// expect: SM1001
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    /// <summary>A second level of template: the intermediate class overrides MainDbUpgrade and dispatches again.</summary>
    public abstract class SeriesCleanupMigration : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Cleanup("Series");
        }

        protected abstract void Cleanup(string table);
    }

    [Migration(17)]
    public class RemoveSeriesImdbId : SeriesCleanupMigration
    {
        protected override void Cleanup(string table)
        {
            Delete.Column("ImdbId").FromTable(table);
        }
    }
}
