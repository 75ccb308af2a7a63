// expect: SM1004
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(12)]
    public class MoveTagsToMediaSchema : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Alter.Table("Tags").InSchema("public").ToSchema("media");
        }
    }
}
