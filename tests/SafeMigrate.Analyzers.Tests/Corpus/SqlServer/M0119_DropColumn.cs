// expect: SM1001
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(119)]
    public class RemoveProductLegacyCode : Migration
    {
        public override void Up()
        {
            Delete.DefaultConstraint().OnTable("Products").OnColumn("LegacyCode");
            Delete.Column("LegacyCode").FromTable("Products");
        }

        public override void Down()
        {
            Alter.Table("Products").AddColumn("LegacyCode").AsString(20).Nullable();
        }
    }
}
