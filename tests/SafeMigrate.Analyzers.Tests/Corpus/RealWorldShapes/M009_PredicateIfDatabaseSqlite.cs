// expect: none
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(9)]
    public class DropLegacyColumnOnSqlite : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            IfDatabase(id => id == ProcessorIdConstants.SQLite).Delete.Column("Legacy").FromTable("Series");
        }
    }
}
