// expect: SM4006
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406241000)]
    public class ResetPriceImport : Migration
    {
        public override void Up()
        {
            Execute.Sql("TRUNCATE TABLE price_import RESTART IDENTITY;");
        }

        public override void Down()
        {
        }
    }
}
