// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(309)]
    public class RenameIndexToConvention : Migration
    {
        public override void Up()
        {
            Execute.Sql("EXEC sp_rename N'dbo.Orders.IX_Orders_1', N'IX_Orders_CustomerId', N'INDEX';");
        }

        public override void Down()
        {
            Execute.Sql("EXEC sp_rename N'dbo.Orders.IX_Orders_CustomerId', N'IX_Orders_1', N'INDEX';");
        }
    }
}
