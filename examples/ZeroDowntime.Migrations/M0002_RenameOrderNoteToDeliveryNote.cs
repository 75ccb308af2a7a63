using FluentMigrator;

namespace ZeroDowntime.Migrations;

/// <summary>Release 2: the free-text note of an order only ever held delivery instructions; say so.</summary>
[Migration(2, "Release 2: rename orders.note to delivery_note")]
public sealed class M0002_RenameOrderNoteToDeliveryNote : Migration
{
    public override void Up() => Rename.Column("note").OnTable("orders").To("delivery_note");

    public override void Down() => Rename.Column("delivery_note").OnTable("orders").To("note");
}
