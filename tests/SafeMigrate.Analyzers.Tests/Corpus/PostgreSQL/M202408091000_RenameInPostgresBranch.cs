// expect: SM1003
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202408091000)]
    public class RenameShipmentWeight : Migration
    {
        public override void Up()
        {
            IfDatabase(ProcessorIdConstants.PostgreSQL).Rename.Column("weight").OnTable("shipments").To("weight_grams");
        }

        public override void Down()
        {
            IfDatabase(ProcessorIdConstants.PostgreSQL).Rename.Column("weight_grams").OnTable("shipments").To("weight");
        }
    }
}
