// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(317)]
    public class PositiveQuantities : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE dbo.OrderLines WITH NOCHECK ADD CONSTRAINT CK_OrderLines_Quantity CHECK (Quantity > 0);");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE dbo.OrderLines DROP CONSTRAINT CK_OrderLines_Quantity;");
        }
    }
}
