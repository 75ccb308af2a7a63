// expect: SM3001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202405101200)]
    public class BackfillMarketingConsent : Migration
    {
        public override void Up()
        {
            Update.Table("customers").Set(new { marketing_consent = false }).AllRows();
        }

        public override void Down()
        {
        }
    }
}
