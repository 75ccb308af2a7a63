// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409201000)]
    public class TuneEventsAutovacuum : Migration
    {
        public override void Up()
        {
            Execute.Sql("ALTER TABLE events SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.005);");
        }

        public override void Down()
        {
            Execute.Sql("ALTER TABLE events RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor);");
        }
    }
}
