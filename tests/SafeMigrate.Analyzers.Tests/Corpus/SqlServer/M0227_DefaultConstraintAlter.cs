// expect: SM1006
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(227)]
    public class StatusDefaultBecomesPending : Migration
    {
        public override void Up()
        {
            Delete.DefaultConstraint().OnTable("Orders").InSchema("dbo").OnColumn("Status");
            Alter.Table("Orders").InSchema("dbo").AlterColumn("Status").AsString(20).NotNullable().WithDefaultValue("pending");
        }

        public override void Down()
        {
        }
    }
}
