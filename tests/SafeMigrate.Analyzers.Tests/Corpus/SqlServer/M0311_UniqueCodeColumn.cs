// expect: SM2002
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(311)]
    public class CategoriesCode : Migration
    {
        public override void Up()
        {
            Alter.Table("Categories").AddColumn("Code").AsString(10).NotNullable().WithDefaultValue("").Unique();
        }

        public override void Down()
        {
        }
    }
}
