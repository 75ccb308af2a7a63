// expect: SM1001
using FluentMigrator;

namespace Shop.Migrations
{
    /// <summary>Contract step of the phone migration: nothing reads fax or telex since release 41.</summary>
    [Migration(202403051500)]
    [Tags("Contract")]
    public class DropLegacyContactColumns : ForwardOnlyMigration
    {
        public override void Up()
        {
            Delete.Column("fax").Column("telex").FromTable("customers");
        }
    }
}
