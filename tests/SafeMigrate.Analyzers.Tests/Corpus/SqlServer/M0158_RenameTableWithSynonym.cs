// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    /// <summary>The old name stays as a synonym until the release after next.</summary>
    [Migration(158)]
    public class RenameCustomerAddress : Migration
    {
        public override void Up()
        {
            Rename.Table("CustomerAddress").InSchema("dbo").To("Addresses");
            Execute.Sql("CREATE SYNONYM dbo.CustomerAddress FOR dbo.Addresses;");
        }

        public override void Down()
        {
            Execute.Sql("DROP SYNONYM dbo.CustomerAddress;");
            Rename.Table("Addresses").InSchema("dbo").To("CustomerAddress");
        }
    }
}
