// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>
    /// FluentMigrator cannot add a foreign key NOT VALID, so the constraint goes in as raw SQL and is validated by
    /// the next migration, in its own transaction.
    /// </summary>
    [Migration(202403101200)]
    public class AddOrderLinesProductForeignKey : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
                SET lock_timeout = '3s';
                ALTER TABLE order_lines
                    ADD CONSTRAINT fk_order_lines_products FOREIGN KEY (product_id) REFERENCES products (id) NOT VALID;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE order_lines DROP CONSTRAINT IF EXISTS fk_order_lines_products;");
        }
    }

    [Migration(202403101201)]
    public class ValidateOrderLinesProductForeignKey : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE order_lines VALIDATE CONSTRAINT fk_order_lines_products;");
        }

        public override void Down()
        {
        }
    }
}
