// expect: none
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(2)]
    public class AddBlocklist : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Create.TableForModel("Blocklist")
                .WithColumn("SourceTitle").AsString().NotNullable()
                .WithColumn("Date").AsDateTime().NotNullable();

            Create.Index().OnTable("Blocklist").OnColumn("SourceTitle");
        }
    }
}
