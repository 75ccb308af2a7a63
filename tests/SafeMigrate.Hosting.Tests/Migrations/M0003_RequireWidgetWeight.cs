using FluentMigrator;

namespace SafeMigrate.Hosting.Tests.Migrations;

/// <summary>Release 3, which SafeMigrate refuses (a NOT NULL column with no default on a table with rows): an app built with it must not start.</summary>
[Migration(3)]
public sealed class M0003_RequireWidgetWeight : Migration
{
    public override void Up() => Create.Column("weight").OnTable("widgets").AsInt32().NotNullable();

    public override void Down() => Delete.Column("weight").FromTable("widgets");
}
