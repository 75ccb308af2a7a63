// expect: SM1002
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(322)]
    public class DropWishListArchive : Migration
    {
        public override void Up()
        {
            Delete.Table("WishListArchive").InSchema("dbo");
        }

        public override void Down()
        {
        }
    }
}
