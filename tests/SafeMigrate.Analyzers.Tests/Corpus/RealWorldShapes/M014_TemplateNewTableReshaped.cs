// expect: none
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(14)]
    public class AddImportLists : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            Create.TableForModel("ImportLists")
                .WithColumn("Name").AsString().Unique()
                .WithColumn("Enabled").AsBoolean();

            Insert.IntoTable("ImportLists").Row(new { Name = "Default", Enabled = true });
            Alter.Table("ImportLists").AddColumn("Tags").AsString().NotNullable().WithDefaultValue("[]");
            Update.Table("ImportLists").Set(new { Enabled = false }).AllRows();
        }
    }
}
