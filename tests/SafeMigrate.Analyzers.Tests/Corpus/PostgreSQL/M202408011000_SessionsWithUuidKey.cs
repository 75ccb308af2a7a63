// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408011000)]
    public class CreateCheckoutSessions : Migration
    {
        public override void Up()
        {
            Create.Table("checkout_sessions")
                .WithColumn("id").AsGuid().PrimaryKey().WithDefault(SystemMethods.NewGuid)
                .WithColumn("cart_id").AsInt64().NotNullable()
                .WithColumn("expires_at").AsDateTime().NotNullable();
        }

        public override void Down()
        {
            Delete.Table("checkout_sessions");
        }
    }
}
