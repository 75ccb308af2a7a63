// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409231000)]
    public class CreateGiftCardRedemptions : Migration
    {
        public override void Up()
        {
            Create.Table("gift_card_redemptions")
                .WithColumn("id").AsInt64().PrimaryKey().Identity()
                .WithColumn("gift_card_id").AsInt64().NotNullable()
                .WithColumn("order_id").AsInt64().NotNullable();

            Create.ForeignKey("fk_redemptions_gift_cards")
                .FromTable("gift_card_redemptions").ForeignColumn("gift_card_id")
                .ToTable("gift_cards").PrimaryColumn("id");
            Create.ForeignKey("fk_redemptions_orders")
                .FromTable("gift_card_redemptions").ForeignColumn("order_id")
                .ToTable("orders").PrimaryColumn("id");
        }

        public override void Down()
        {
            Delete.Table("gift_card_redemptions");
        }
    }
}
