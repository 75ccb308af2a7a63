// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202403061000)]
    public class AddLoyaltyPoints : Migration
    {
        public override void Up()
        {
            Alter.Table("customers").AddColumn("loyalty_points").AsInt32().NotNullable().WithDefaultValue(0);
        }

        public override void Down()
        {
            // Rollback only: the column is new and nothing else depends on it yet.
            Delete.Column("loyalty_points").FromTable("customers");
        }
    }
}
