// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    /// <summary>Shared with the PostgreSQL edition of the product; this service only runs on SQL Server.</summary>
    [Migration(215)]
    public class CaseInsensitiveEmails : Migration
    {
        public override void Up()
        {
            IfDatabase("Postgres").Execute.Sql("CREATE EXTENSION IF NOT EXISTS citext;");
            IfDatabase("SqlServer").Execute.Sql("ALTER TABLE dbo.Customers ADD EmailNormalized AS UPPER(Email);");
        }

        public override void Down()
        {
        }
    }
}
