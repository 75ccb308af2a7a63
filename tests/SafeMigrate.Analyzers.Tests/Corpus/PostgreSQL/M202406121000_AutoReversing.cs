// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406121000)]
    public class CreateProductImages : AutoReversingMigration
    {
        public override void Up()
        {
            Create.Table("product_images")
                .WithColumn("id").AsInt64().PrimaryKey().Identity()
                .WithColumn("product_id").AsInt64().NotNullable()
                .WithColumn("url").AsString(2048).NotNullable()
                .WithColumn("position").AsInt16().NotNullable().WithDefaultValue(0);

            Create.Index("ix_product_images_product").OnTable("product_images").OnColumn("product_id").Ascending();
            Create.ForeignKey("fk_product_images_products")
                .FromTable("product_images").ForeignColumn("product_id")
                .ToTable("products").PrimaryColumn("id");
        }
    }
}
