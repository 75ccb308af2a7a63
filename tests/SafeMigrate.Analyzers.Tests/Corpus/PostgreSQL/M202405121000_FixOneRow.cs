// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202405121000)]
    public class FixDefaultStoreName : Migration
    {
        public override void Up()
        {
            Update.Table("stores").Set(new { name = "Main street" }).Where(new { id = 1 });
            Insert.IntoTable("order_statuses")
                .Row(new { code = "on_hold", label = "On hold" })
                .Row(new { code = "disputed", label = "Disputed" });
        }

        public override void Down()
        {
            Delete.FromTable("order_statuses").Row(new { code = "on_hold" }).Row(new { code = "disputed" });
        }
    }
}
