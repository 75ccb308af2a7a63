// expect: SM2001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408051000)]
    public class AddProductPopularity : Migration
    {
        public override void Up()
        {
            Alter.Table("products")
                .AddColumn("popularity").AsInt32().NotNullable().WithDefaultValue(0).Indexed();
        }

        public override void Down()
        {
            Delete.Column("popularity").FromTable("products");
        }
    }
}
