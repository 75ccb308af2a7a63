// expect: SM2001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406011000)]
    public class AddCouponCodeToOrders : Migration
    {
        public override void Up()
        {
            Alter.Table("orders").AddColumn("coupon_code").AsString(32).Nullable().Indexed("ix_orders_coupon_code");
        }

        public override void Down()
        {
            Delete.Index("ix_orders_coupon_code").OnTable("orders");
            Delete.Column("coupon_code").FromTable("orders");
        }
    }
}
