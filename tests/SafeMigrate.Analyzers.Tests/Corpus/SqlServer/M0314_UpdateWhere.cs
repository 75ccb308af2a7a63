// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(314)]
    public class FixMisspelledCategory : Migration
    {
        public override void Up()
        {
            Update.Table("Categories").InSchema("dbo").Set(new { Name = "Accessories" }).Where(new { Name = "Acessories" });
        }

        public override void Down()
        {
        }
    }
}
