// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202404121000)]
    public class AddCustomerLastSeen : Migration
    {
        public override void Up()
        {
            Alter.Table("customers").AddColumn("last_seen_at").AsDateTime().NotNullable().WithDefault(SystemMethods.CurrentDateTime);
        }

        public override void Down()
        {
            Delete.Column("last_seen_at").FromTable("customers");
        }
    }
}
