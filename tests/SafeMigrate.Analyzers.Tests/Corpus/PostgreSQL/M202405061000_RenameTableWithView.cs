// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>
    /// "customer_address" becomes "addresses"; the old name stays as a simple (auto-updatable) view until every
    /// running version uses the new one.
    /// </summary>
    [Migration(202405061000)]
    public class RenameCustomerAddress : Migration
    {
        public override void Up()
        {
            Rename.Table("customer_address").To("addresses");
            Execute.Sql("CREATE VIEW customer_address AS SELECT * FROM addresses;");
        }

        public override void Down()
        {
            Execute.Sql("DROP VIEW customer_address;");
            Rename.Table("addresses").To("customer_address");
        }
    }
}
