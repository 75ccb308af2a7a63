// expect: SM4006
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(315)]
    public class ClearImportStaging : Migration
    {
        public override void Up()
        {
            Execute.Sql("TRUNCATE TABLE dbo.StagingImport;");
        }

        public override void Down()
        {
        }
    }
}
