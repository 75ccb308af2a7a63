// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(122)]
    public class DropDuplicateIndex : Migration
    {
        public override void Up()
        {
            Delete.Index("IX_Orders_CustomerId_Old").OnTable("Orders");
        }

        public override void Down()
        {
            Create.Index("IX_Orders_CustomerId_Old").OnTable("Orders").OnColumn("CustomerId");
        }
    }
}
