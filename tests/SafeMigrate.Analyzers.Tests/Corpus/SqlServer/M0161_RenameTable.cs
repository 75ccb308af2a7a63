// expect: SM1004
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(161)]
    public class RenameWishList : Migration
    {
        public override void Up()
        {
            Rename.Table("WishList").To("Wishlists");
        }

        public override void Down()
        {
            Rename.Table("Wishlists").To("WishList");
        }
    }
}
