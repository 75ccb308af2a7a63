// expect: none
using FluentMigrator;
using Shop.Migrations.Infrastructure;

namespace Shop.Migrations
{
    [Migration(202401101200, "Customers")]
    public class M202401101200_CreateCustomers : Migration
    {
        public override void Up()
        {
            Create.Table("customers")
                .WithIdColumn()
                .WithColumn("email").AsString(320).NotNullable().Unique()
                .WithColumn("display_name").AsString(200).Nullable()
                .WithTimestamps();

            Create.Index("ix_customers_display_name").OnTable("customers").OnColumn("display_name").Ascending();
        }

        public override void Down()
        {
            Delete.Table("customers");
        }
    }
}
