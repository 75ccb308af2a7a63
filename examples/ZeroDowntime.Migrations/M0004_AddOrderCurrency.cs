using FluentMigrator;

namespace ZeroDowntime.Migrations;

/// <summary>Release 2: orders get a currency; every order so far was in euros.</summary>
[Migration(4, "Release 2: add orders.currency, NOT NULL, default EUR")]
public sealed class M0004_AddOrderCurrency : Migration
{
    public override void Up() =>
        Create.Column("currency").OnTable("orders").AsString(3).NotNullable().WithDefaultValue("EUR");

    public override void Down() => Delete.Column("currency").FromTable("orders");
}
