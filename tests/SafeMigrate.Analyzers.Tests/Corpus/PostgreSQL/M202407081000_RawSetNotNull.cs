// expect: SM4002
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202407081000)]
    public class RequireShipmentCarrier : Migration
    {
        public override void Up()
        {
            Execute.Sql("UPDATE shipments SET carrier = 'unknown' WHERE carrier IS NULL AND id < 5000;");
            Execute.Sql("ALTER TABLE shipments ALTER COLUMN carrier SET NOT NULL;");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE shipments ALTER COLUMN carrier DROP NOT NULL;");
        }
    }
}
