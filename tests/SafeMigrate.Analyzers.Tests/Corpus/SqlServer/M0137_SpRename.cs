// expect: SM4001
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(137)]
    public class RenameOrderTotal : Migration
    {
        public override void Up()
        {
            Execute.Sql("EXEC sp_rename N'dbo.Orders.Total', N'TotalAmount', N'COLUMN';");
        }

        public override void Down()
        {
            Execute.Sql("EXEC sp_rename N'dbo.Orders.TotalAmount', N'Total', N'COLUMN';");
        }
    }
}
