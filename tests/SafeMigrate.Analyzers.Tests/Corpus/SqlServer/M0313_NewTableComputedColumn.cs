// expect: none
using FluentMigrator;
using FluentMigrator.SqlServer;

namespace Catalog.Migrations
{
    [Migration(313)]
    public class CreateInvoiceLines : Migration
    {
        public override void Up()
        {
            Create.Table("InvoiceLines").InSchema("dbo")
                .WithColumn("Id").AsInt64().PrimaryKey().Identity()
                .WithColumn("InvoiceId").AsInt64().NotNullable()
                .WithColumn("Quantity").AsInt32().NotNullable()
                .WithColumn("UnitPrice").AsDecimal(12, 2).NotNullable()
                .WithColumn("LineTotal").AsCustom("AS (Quantity * UnitPrice) PERSISTED");

            Create.Index("IX_InvoiceLines_InvoiceId").OnTable("InvoiceLines").InSchema("dbo")
                .OnColumn("InvoiceId").Ascending()
                .WithOptions().Online();
        }

        public override void Down()
        {
            Delete.Table("InvoiceLines").InSchema("dbo");
        }
    }
}
