// expect: SM3002
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(194)]
    public class OrdersChannel : Migration
    {
        public override void Up()
        {
            Create.Column("Channel").OnTable("Orders").InSchema("dbo").AsString(16).NotNullable().SetExistingRowsTo("web");
        }

        public override void Down()
        {
            Delete.Column("Channel").FromTable("Orders").InSchema("dbo");
        }
    }
}
