// expect: SM1006
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(164)]
    public class CustomerNameLonger : Migration
    {
        public override void Up()
        {
            Alter.Table("Customers").AlterColumn("Name").AsString(400).NotNullable();
        }

        public override void Down()
        {
            Alter.Table("Customers").AlterColumn("Name").AsString(200).NotNullable();
        }
    }
}
