// expect: SM2002
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(302)]
    public class ClusterEventsByTime : Migration
    {
        public override void Up()
        {
            Create.Index("CIX_Events_OccurredAt").OnTable("Events").InSchema("dbo")
                .OnColumn("OccurredAt").Ascending()
                .WithOptions().Clustered();
        }

        public override void Down()
        {
            Delete.Index("CIX_Events_OccurredAt").OnTable("Events").InSchema("dbo");
        }
    }
}
