// expect: SM2002
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(107)]
    public class IndexOrdersByDate : Migration
    {
        public override void Up()
        {
            Create.Index("IX_Orders_OrderDate").OnTable("Orders").OnColumn("OrderDate").Descending();
        }

        public override void Down()
        {
            Delete.Index("IX_Orders_OrderDate").OnTable("Orders");
        }
    }
}
