// expect: SM2008
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(176)]
    public class AuditLogSurrogateKey : Migration
    {
        public override void Up()
        {
            Alter.Table("AuditLog").AddColumn("Id").AsInt64().NotNullable().Identity();
        }

        public override void Down()
        {
            Delete.Column("Id").FromTable("AuditLog");
        }
    }
}
