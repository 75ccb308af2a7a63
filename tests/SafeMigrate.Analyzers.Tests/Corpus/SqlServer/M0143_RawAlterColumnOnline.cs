// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(143)]
    public class WiderSku : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE dbo.Products ALTER COLUMN Sku nvarchar(64) NOT NULL WITH (ONLINE = ON);");
        }

        public override void Down()
        {
        }
    }
}
