// expect: SM4002
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202405161000)]
    public class OrderLinesQuantityToBigint : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE order_lines ALTER COLUMN quantity TYPE bigint;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE order_lines ALTER COLUMN quantity TYPE integer;");
        }
    }
}
