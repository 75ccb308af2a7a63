// expect: SM2005
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(206)]
    public class PrimaryKeyForPriceHistory : Migration
    {
        public override void Up()
        {
            Create.PrimaryKey("PK_PriceHistory").OnTable("PriceHistory").WithSchema("dbo").Columns("ProductId", "ValidFrom");
        }

        public override void Down()
        {
            Delete.PrimaryKey("PK_PriceHistory").FromTable("PriceHistory").InSchema("dbo");
        }
    }
}
