// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(101, "Products and categories")]
    public class CreateProducts : Migration
    {
        public override void Up()
        {
            Create.Table("Categories").InSchema("dbo")
                .WithColumn("Id").AsInt32().PrimaryKey("PK_Categories").Identity()
                .WithColumn("Name").AsString(100).NotNullable().Unique("UQ_Categories_Name");

            Create.Table("Products").InSchema("dbo")
                .WithColumn("Id").AsInt32().PrimaryKey("PK_Products").Identity()
                .WithColumn("CategoryId").AsInt32().NotNullable().ForeignKey("FK_Products_Categories", "dbo", "Categories", "Id")
                .WithColumn("Sku").AsString(40).NotNullable()
                .WithColumn("Price").AsCurrency().NotNullable()
                .WithColumn("RowVersion").AsCustom("rowversion").NotNullable();

            Create.Index("IX_Products_Sku").OnTable("Products").InSchema("dbo").OnColumn("Sku").Unique();
        }

        public override void Down()
        {
            Delete.Table("Products").InSchema("dbo");
            Delete.Table("Categories").InSchema("dbo");
        }
    }
}
