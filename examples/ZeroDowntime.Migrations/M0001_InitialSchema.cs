using FluentMigrator;

namespace ZeroDowntime.Migrations;

/// <summary>Release 1: customers and their orders, as app version 1 uses them.</summary>
[Migration(1, "Release 1: customers and orders")]
public sealed class M0001_InitialSchema : Migration
{
    public override void Up()
    {
        Create.Table("customers")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("email").AsString(320).Nullable();

        Create.Table("orders")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_orders_customer", "customers", "id")
            .WithColumn("quantity").AsInt32().NotNullable()
            .WithColumn("note").AsString(200).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable().WithDefault(SystemMethods.CurrentDateTimeOffset);

        Create.Index("ix_orders_customer_id").OnTable("orders").OnColumn("customer_id");
    }

    public override void Down()
    {
        Delete.Table("orders");
        Delete.Table("customers");
    }
}
