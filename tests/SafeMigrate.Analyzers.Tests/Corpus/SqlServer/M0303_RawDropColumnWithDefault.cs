// expect: SM4001
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(303)]
    public class DropOrdersLegacyFlag : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
ALTER TABLE dbo.Orders DROP CONSTRAINT DF_Orders_LegacyFlag;
ALTER TABLE dbo.Orders DROP COLUMN LegacyFlag;");
        }

        public override void Down()
        {
        }
    }
}
