// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202406101000)]
    [Tags("Development", "Staging")]
    public class SeedDemoStores : Migration
    {
        public override void Up()
        {
            Insert.IntoTable("stores")
                .Row(new { id = 100, name = "Demo store", city = "Lyon" })
                .Row(new { id = 101, name = "Test store", city = "Porto" });
        }

        public override void Down()
        {
            Delete.FromTable("stores").Row(new { id = 100 }).Row(new { id = 101 });
        }
    }
}
