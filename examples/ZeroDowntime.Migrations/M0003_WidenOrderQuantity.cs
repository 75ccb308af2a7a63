using FluentMigrator;

namespace ZeroDowntime.Migrations;

/// <summary>Release 2: wholesale orders outgrow a 32-bit quantity.</summary>
[Migration(3, "Release 2: widen orders.quantity to bigint")]
public sealed class M0003_WidenOrderQuantity : Migration
{
    public override void Up() => Alter.Column("quantity").OnTable("orders").AsInt64().NotNullable();

    public override void Down() => Alter.Column("quantity").OnTable("orders").AsInt32().NotNullable();
}
