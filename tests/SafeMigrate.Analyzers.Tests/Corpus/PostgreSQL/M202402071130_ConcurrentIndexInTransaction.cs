// expect: SM2006
using FluentMigrator;
using FluentMigrator.Postgres;

namespace Shop.Migrations
{
    [Migration(202402071130, "Index order lines by product")]
    public class IndexOrderLinesByProduct : Migration
    {
        public override void Up()
        {
            Create.Index("ix_order_lines_product_id")
                .OnTable("order_lines")
                .OnColumn("product_id").Ascending()
                .WithOptions().AsConcurrently();
        }

        public override void Down()
        {
            Delete.Index("ix_order_lines_product_id").OnTable("order_lines");
        }
    }
}
