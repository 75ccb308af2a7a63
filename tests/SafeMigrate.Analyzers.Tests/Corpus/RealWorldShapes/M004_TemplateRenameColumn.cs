// expect: SM1003
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(4)]
    public class RenameMoviePath : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Rename.Column("Path").OnTable("Movies").To("FolderPath");
        }
    }
}
