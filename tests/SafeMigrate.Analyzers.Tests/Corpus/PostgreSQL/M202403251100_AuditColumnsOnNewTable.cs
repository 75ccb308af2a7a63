// expect: none
using FluentMigrator;
using Shop.Migrations.Infrastructure;

namespace Shop.Migrations
{
    [Migration(202403251100)]
    public class CreateWishlists : ShopMigration
    {
        public override void Up()
        {
            Create.Table("wishlists").InSchema(Schema)
                .WithColumn("id").AsGuid().PrimaryKey()
                .WithColumn("customer_id").AsInt64().NotNullable()
                .WithColumn("name").AsString(100).NotNullable();

            AddAuditColumns("wishlists");
            AddTenantColumn("wishlists");
            IndexColumn("wishlists", "customer_id");
        }
    }
}
