// expect: SM3001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409041000)]
    public class AddOrderArchivedFlag : Migration
    {
        public override void Up()
        {
            Create.Column("archived").OnTable("orders").AsBoolean().Nullable();
            Update.Table("orders").Set(new { archived = false }).AllRows();
        }

        public override void Down()
        {
            Delete.Column("archived").FromTable("orders");
        }
    }
}
