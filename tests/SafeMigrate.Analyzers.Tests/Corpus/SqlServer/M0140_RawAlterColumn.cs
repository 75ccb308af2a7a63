// expect: SM4002
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(140)]
    public class LongerCustomerNotes : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE dbo.Customers ALTER COLUMN Notes nvarchar(max) NULL;");
        }

        public override void Down()
        {
        }
    }
}
