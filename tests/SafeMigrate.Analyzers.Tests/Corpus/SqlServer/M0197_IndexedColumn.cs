// expect: SM2002
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(197)]
    public class ProductsBarcode : Migration
    {
        public override void Up()
        {
            Alter.Table("Products").AddColumn("Barcode").AsAnsiString(14).Nullable().Unique("UQ_Products_Barcode");
        }

        public override void Down()
        {
            Delete.Index("UQ_Products_Barcode").OnTable("Products");
            Delete.Column("Barcode").FromTable("Products");
        }
    }
}
