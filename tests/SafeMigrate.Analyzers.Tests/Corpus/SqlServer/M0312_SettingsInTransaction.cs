// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(312)]
    public class DefaultSettings : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
SET XACT_ABORT ON;
IF NOT EXISTS (SELECT 1 FROM dbo.Settings WHERE [Key] = N'Checkout.MaxItems')
    INSERT INTO dbo.Settings ([Key], [Value]) VALUES (N'Checkout.MaxItems', N'100');
UPDATE dbo.Settings SET [Value] = N'true' WHERE [Key] = N'Checkout.GuestEnabled';");
        }

        public override void Down()
        {
        }
    }
}
