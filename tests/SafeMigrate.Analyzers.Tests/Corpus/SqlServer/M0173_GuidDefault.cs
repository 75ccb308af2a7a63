// expect: SM2007
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(173)]
    public class CustomerExternalId : Migration
    {
        public override void Up()
        {
            Alter.Table("Customers").AddColumn("ExternalId").AsGuid().NotNullable().WithDefault(SystemMethods.NewSequentialId);
        }

        public override void Down()
        {
            Delete.Column("ExternalId").FromTable("Customers");
        }
    }
}
