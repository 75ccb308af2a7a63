// expect: SM1005
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>Orders get a currency; the checkout service will always send it from the next release on.</summary>
    [Migration(202402141000)]
    public class AddOrderCurrency : Migration
    {
        public override void Up()
        {
            Create.Column("currency").OnTable("orders").AsFixedLengthString(3).NotNullable();
        }

        public override void Down()
        {
            Delete.Column("currency").FromTable("orders");
        }
    }
}
