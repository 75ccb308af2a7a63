// expect: SM1006
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202404151100)]
    public class WidenOrderTotal : Migration
    {
        public override void Up()
        {
            Alter.Column("total").OnTable("orders").AsDecimal(18, 4).NotNullable();
        }

        public override void Down()
        {
            Alter.Column("total").OnTable("orders").AsDecimal(12, 2).NotNullable();
        }
    }
}
