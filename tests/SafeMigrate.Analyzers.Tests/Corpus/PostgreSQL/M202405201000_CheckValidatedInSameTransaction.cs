// expect: SM4004
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>Adds the check NOT VALID and validates it right away, in the migration's transaction.</summary>
    [Migration(202405201000)]
    public class PositiveQuantities : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
ALTER TABLE order_lines ADD CONSTRAINT ck_order_lines_quantity_positive CHECK (quantity > 0) NOT VALID;
ALTER TABLE order_lines VALIDATE CONSTRAINT ck_order_lines_quantity_positive;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE order_lines DROP CONSTRAINT ck_order_lines_quantity_positive;");
        }
    }
}
