using FluentMigrator;

namespace ZeroDowntime.Migrations;

/// <summary>Release 2: the business calls them clients now, and so does the schema.</summary>
[Migration(5, "Release 2: rename table customers to clients")]
public sealed class M0005_RenameCustomersToClients : Migration
{
    public override void Up() => Rename.Table("customers").To("clients");

    public override void Down() => Rename.Table("clients").To("customers");
}
