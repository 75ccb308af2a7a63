// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202402121600)]
    public class AddCustomerPhone : Migration
    {
        public override void Up()
        {
            Alter.Table("customers")
                .AddColumn("phone").AsString(32).Nullable()
                .AddColumn("phone_verified").AsBoolean().NotNullable().WithDefaultValue(false);
        }

        public override void Down()
        {
            Delete.Column("phone").Column("phone_verified").FromTable("customers");
        }
    }
}
