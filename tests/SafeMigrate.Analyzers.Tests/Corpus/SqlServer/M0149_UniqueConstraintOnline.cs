// expect: none
using FluentMigrator;
using FluentMigrator.SqlServer;

namespace Catalog.Migrations
{
    [Migration(149)]
    public class UniqueCustomerEmail : Migration
    {
        public override void Up()
        {
            Create.UniqueConstraint("UQ_Customers_Email").OnTable("Customers").WithSchema("dbo").Column("Email").Online();
        }

        public override void Down()
        {
            Delete.UniqueConstraint("UQ_Customers_Email").FromTable("Customers").InSchema("dbo");
        }
    }
}
