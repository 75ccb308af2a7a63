// expect: SM1006
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408281000)]
    public class LongerOrderNotes : Migration
    {
        public override void Up()
        {
            Alter.Table("orders").AlterColumn("note").AsString(1000).Nullable();
        }

        public override void Down()
        {
        }
    }
}
