// expect: SM2007
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>Public ids for the API, so that the sequential ids stop leaking.</summary>
    [Migration(202404101000)]
    public class AddOrderPublicId : Migration
    {
        public override void Up()
        {
            Alter.Table("orders").AddColumn("public_id").AsGuid().NotNullable().WithDefault(SystemMethods.NewGuid);
        }

        public override void Down()
        {
            Delete.Column("public_id").FromTable("orders");
        }
    }
}
