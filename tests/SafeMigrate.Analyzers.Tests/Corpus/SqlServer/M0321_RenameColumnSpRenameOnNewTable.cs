// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(321)]
    public class CreateSuppliers : Migration
    {
        public override void Up()
        {
            Execute.Sql(@"
CREATE TABLE dbo.Suppliers (Id int IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Suppliers PRIMARY KEY, Nme nvarchar(200) NOT NULL);
CREATE INDEX IX_Suppliers_Nme ON dbo.Suppliers (Nme);");
            Rename.Column("Nme").OnTable("Suppliers").InSchema("dbo").To("Name");
        }

        public override void Down()
        {
        }
    }
}
