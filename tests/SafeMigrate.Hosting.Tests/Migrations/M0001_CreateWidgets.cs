using FluentMigrator;

namespace SafeMigrate.Hosting.Tests.Migrations;

/// <summary>Release 1 of the test app: what app version 1 is built with.</summary>
[Migration(1)]
public sealed class M0001_CreateWidgets : Migration
{
    public override void Up() => Create.Table("widgets")
        .WithColumn("id").AsInt32().PrimaryKey().Identity()
        .WithColumn("name").AsString(100).Nullable();

    public override void Down() => Delete.Table("widgets");
}
