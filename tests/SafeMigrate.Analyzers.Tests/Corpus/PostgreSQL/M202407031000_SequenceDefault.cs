// expect: SM2007
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202407031000)]
    public class InvoiceNumbers : Migration
    {
        public override void Up()
        {
            Create.Sequence("invoice_number_seq").StartWith(100000);
            Alter.Table("invoices")
                .AddColumn("number").AsInt64().Nullable().WithDefaultValue(RawSql.Insert("nextval('invoice_number_seq')"));
        }

        public override void Down()
        {
            Delete.Column("number").FromTable("invoices");
            Delete.Sequence("invoice_number_seq");
        }
    }
}
