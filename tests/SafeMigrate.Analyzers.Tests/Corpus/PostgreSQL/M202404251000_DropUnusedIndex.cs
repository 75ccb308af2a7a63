// expect: SM2003
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202404251000)]
    public class DropUnusedCartIndex : Migration
    {
        public override void Up()
        {
            Delete.Index("ix_carts_session").OnTable("carts");
        }

        public override void Down()
        {
            Create.Index("ix_carts_session").OnTable("carts").OnColumn("session_id").Ascending();
        }
    }
}
