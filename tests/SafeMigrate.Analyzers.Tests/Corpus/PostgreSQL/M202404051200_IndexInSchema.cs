// expect: SM2001
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202404051200)]
    public class IndexAuditEvents : Migration
    {
        private const string AuditSchema = "audit";

        public override void Up()
        {
            Create.Index("ix_events_occurred_at")
                .OnTable("events").InSchema(AuditSchema)
                .OnColumn("occurred_at").Descending()
                .OnColumn("entity_id").Ascending();
        }

        public override void Down()
        {
            Delete.Index("ix_events_occurred_at").OnTable("events").InSchema(AuditSchema);
        }
    }
}
