// expect: SM1003
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202403011000)]
    public class RenameDisplayName : Migration
    {
        public override void Up()
        {
            Rename.Column("display_name").OnTable("customers").To("full_name");
        }

        public override void Down()
        {
            Rename.Column("full_name").OnTable("customers").To("display_name");
        }
    }
}
