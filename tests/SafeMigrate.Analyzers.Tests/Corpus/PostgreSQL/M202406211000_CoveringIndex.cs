// expect: none
using FluentMigrator;
using FluentMigrator.Postgres;

namespace Shop.Migrations
{
    [Migration(202406211000, TransactionBehavior.None)]
    public class OpenOrdersCoveringIndex : Migration
    {
        public override void Up()
        {
            Create.Index("ix_orders_open_by_customer")
                .OnTable("orders")
                .OnColumn("customer_id").Ascending()
                .WithOptions()
                    .Include("total")
                    .Filter("status <> 'closed'")
                    .AsConcurrently();
        }

        public override void Down()
        {
            Delete.Index("ix_orders_open_by_customer").OnTable("orders");
        }
    }
}
