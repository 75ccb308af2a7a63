// expect: none
using FluentMigrator;
using FluentMigrator.Postgres;

namespace Shop.Migrations
{
    /// <summary>The back office filters orders by status; built concurrently so that checkout keeps writing.</summary>
    [Migration(202402011415, TransactionBehavior.None)]
    public class IndexOrdersByStatus : Migration
    {
        public override void Up()
        {
            Create.Index("ix_orders_status")
                .OnTable("orders")
                .OnColumn("status").Ascending()
                .WithOptions().AsConcurrently();
        }

        public override void Down()
        {
            Delete.Index("ix_orders_status").OnTable("orders");
        }
    }
}
