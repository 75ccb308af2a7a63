// expect: SM1002
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202405011000)]
    public class DropLegacyCoupons : ForwardOnlyMigration
    {
        public override void Up()
        {
            Delete.Table("legacy_coupons");
        }
    }
}
