// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(185)]
    [Tags("Sales")]
    public class SalesDiscounts : Migration
    {
        public override void Up()
        {
            Alter.Table("Orders").InSchema("sales").AddColumn("Discount").AsDecimal(10, 2).Nullable();
        }

        public override void Down()
        {
            Delete.Column("Discount").FromTable("Orders").InSchema("sales");
        }
    }
}
