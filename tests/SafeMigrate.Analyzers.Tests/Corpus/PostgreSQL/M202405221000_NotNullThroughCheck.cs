// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202405221000)]
    public class RequireOrderCurrencyStep1 : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE orders ADD CONSTRAINT ck_orders_currency_nn CHECK (currency IS NOT NULL) NOT VALID;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE orders DROP CONSTRAINT ck_orders_currency_nn;");
        }
    }

    /// <summary>PostgreSQL 12+: SET NOT NULL uses the validated check and skips the table scan.</summary>
    [Migration(202405221001)]
    public class RequireOrderCurrencyStep2 : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_currency_nn;");
            Execute.Sql("ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;");
            Execute.Sql("ALTER TABLE orders DROP CONSTRAINT ck_orders_currency_nn;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE orders ALTER COLUMN currency DROP NOT NULL;");
        }
    }
}
