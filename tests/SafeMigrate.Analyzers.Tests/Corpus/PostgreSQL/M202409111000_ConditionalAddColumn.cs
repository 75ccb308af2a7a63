// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409111000)]
    public class EnsureCustomerLocale : Migration
    {
        public override void Up()
        {
            if (!Schema.Table("customers").Column("locale").Exists())
            {
                Alter.Table("customers").AddColumn("locale").AsString(10).Nullable();
            }
        }

        public override void Down()
        {
        }
    }
}
