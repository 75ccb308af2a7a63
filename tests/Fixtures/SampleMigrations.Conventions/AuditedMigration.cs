using FluentMigrator;

namespace SampleMigrations.Conventions;

/// <summary>A project-specific base class: every table it creates gets audit columns.</summary>
public abstract class AuditedMigration : Migration
{
    protected void CreateAuditedTable(string name, Action<FluentMigrator.Builders.Create.Table.ICreateTableWithColumnSyntax> columns)
    {
        var table = Create.Table(name).WithColumn("id").AsInt64().PrimaryKey().Identity();
        columns(table);
        table.WithColumn("created_at").AsDateTimeOffset().NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime);
    }

    public override void Down()
    {
    }
}
