// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408021000)]
    public class AddProductSubtitle : Migration
    {
        public override void Up()
        {
            Alter.Table("products").AddColumn("subtitle").AsString(200).NotNullable().WithDefaultValue(string.Empty);
        }

        public override void Down()
        {
            Delete.Column("subtitle").FromTable("products");
        }
    }
}
