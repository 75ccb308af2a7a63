// expect: SM1004
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202405081000)]
    public class RenameGiftCards : Migration
    {
        public override void Up()
        {
            Rename.Table("giftcards").To("gift_cards");
        }

        public override void Down()
        {
            Rename.Table("gift_cards").To("giftcards");
        }
    }
}
