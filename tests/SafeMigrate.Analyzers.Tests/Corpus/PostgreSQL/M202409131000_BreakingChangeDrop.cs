// expect: SM1001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409131000, BreakingChange = true)]
    public class DropCustomerBirthday : Migration
    {
        public override void Up()
        {
            Delete.Column("birthday").FromTable("customers");
        }

        public override void Down()
        {
            Alter.Table("customers").AddColumn("birthday").AsDate().Nullable();
        }
    }
}
