// expect: SM2001
using System;
using FluentMigrator;
using Media.Migrations.Framework;

namespace Media.Migrations
{
    [Migration(10)]
    public class IndexMovieYearOnPostgres : MediaMigrationBase
    {
        protected override void MainDbUpgrade()
        {
            IfDatabase(id => id.StartsWith("Postgre", StringComparison.OrdinalIgnoreCase))
                .Create.Index("IX_Movies_Year").OnTable("Movies").OnColumn("Year").Ascending();
        }
    }
}
