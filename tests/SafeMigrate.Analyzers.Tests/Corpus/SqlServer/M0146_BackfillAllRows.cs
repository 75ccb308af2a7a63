// expect: SM3001
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(146)]
    public class DefaultCurrencyEverywhere : Migration
    {
        public override void Up()
        {
            Update.Table("Orders").InSchema("dbo").Set(new { CurrencyCode = "EUR" }).AllRows();
        }

        public override void Down()
        {
        }
    }
}
