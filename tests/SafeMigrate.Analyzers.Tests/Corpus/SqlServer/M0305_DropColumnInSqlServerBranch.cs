// expect: SM1001
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(305)]
    public class DropCustomerFax : Migration
    {
        public override void Up()
        {
            IfDatabase("SqlServer").Delete.Column("Fax").FromTable("Customers").InSchema("dbo");
        }

        public override void Down()
        {
        }
    }
}
