// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>Written in two passes by two people, merged before release: every change is on the new table.</summary>
    [Migration(202406171000)]
    public class CreateReturns : Migration
    {
        public override void Up()
        {
            Create.Table("returns")
                .WithColumn("id").AsInt64().PrimaryKey().Identity()
                .WithColumn("order_id").AsInt64().NotNullable()
                .WithColumn("reason").AsString(100).Nullable();

            Alter.Column("reason").OnTable("returns").AsString(500).Nullable();
            Rename.Column("reason").OnTable("returns").To("customer_reason");
            Alter.Table("returns").AddColumn("status").AsString(20).NotNullable();
            Create.Index("ix_returns_order").OnTable("returns").OnColumn("order_id").Ascending();
        }

        public override void Down()
        {
            Delete.Table("returns");
        }
    }
}
