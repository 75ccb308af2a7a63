// expect: SM1005
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(116)]
    public class AddProductWeight : Migration
    {
        public override void Up()
        {
            Alter.Table("Products").AddColumn("WeightGrams").AsInt32();
        }

        public override void Down()
        {
            Delete.Column("WeightGrams").FromTable("Products");
        }
    }
}
