using FluentMigrator;

namespace SafeMigrate.Hosting.Tests.Migrations;

/// <summary>Release 2: a rename, so expand backfills (long enough for other instances to start meanwhile) and contract drops.</summary>
[Migration(2)]
public sealed class M0002_RenameWidgetName : Migration
{
    public override void Up() => Rename.Column("name").OnTable("widgets").To("title");

    public override void Down() => Rename.Column("title").OnTable("widgets").To("name");
}
