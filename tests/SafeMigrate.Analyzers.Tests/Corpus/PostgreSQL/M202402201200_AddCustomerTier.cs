// expect: SM3002
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202402201200)]
    public class AddCustomerTier : Migration
    {
        public override void Up()
        {
            Alter.Table("customers")
                .AddColumn("tier").AsString(16).NotNullable().SetExistingRowsTo("standard");
        }

        public override void Down()
        {
            Delete.Column("tier").FromTable("customers");
        }
    }
}
