// expect: SM4005
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(179)]
    public class PurgeImportErrors : Migration
    {
        public override void Up()
        {
            Execute.Sql("DELETE FROM dbo.ImportErrors;");
        }

        public override void Down()
        {
        }
    }
}
