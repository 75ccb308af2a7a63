// expect: SM2001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202402051000)]
    public class IndexOrdersPlacedAt : Migration
    {
        public override void Up()
        {
            Create.Index("ix_orders_placed_at").OnTable("orders").OnColumn("placed_at").Descending();
        }

        public override void Down()
        {
            Delete.Index("ix_orders_placed_at").OnTable("orders");
        }
    }
}
