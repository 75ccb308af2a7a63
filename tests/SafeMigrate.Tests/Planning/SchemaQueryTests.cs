using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Operations;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Planning;

/// <summary>
/// Only pending migrations are collected, and their schema queries are answered as the database will be when each
/// runs: from the live catalog and the earlier migrations of the release, or offline from the earlier migrations.
/// </summary>
public sealed class SchemaQueryTests
{
    /// <summary>Counts how often each migration's Up() ran.</summary>
    private static readonly Dictionary<string, int> UpCalls = [];

    private static void Called(string name)
    {
        lock (UpCalls)
        {
            UpCalls[name] = UpCalls.GetValueOrDefault(name) + 1;
        }
    }

    [Migration(1)]
    private sealed class LongAppliedWithSchemaQuery : Migration
    {
        public override void Up()
        {
            Called(nameof(LongAppliedWithSchemaQuery));
            if (!Schema.Table("users").Column("legacy").Exists())
            {
                Create.Column("legacy").OnTable("users").AsString(10).Nullable();
            }
        }

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class AddNicknameUnlessThere : Migration
    {
        public override void Up()
        {
            if (!Schema.Table("users").Column("nickname").Exists())
            {
                Create.Column("nickname").OnTable("users").AsString(50).Nullable();
            }
        }

        public override void Down() { }
    }

    [Migration(3)]
    private sealed class IndexNicknameIfThere : Migration
    {
        public override void Up()
        {
            if (Schema.Table("users").Column("nickname").Exists() && !Schema.Table("users").Index("ix_users_nickname").Exists())
            {
                Create.Index("ix_users_nickname").OnTable("users").OnColumn("nickname");
            }
        }

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class RawSqlFirst : Migration
    {
        public override void Up() => Execute.Sql("ALTER TABLE users ADD COLUMN nickname varchar(50)");

        public override void Down() { }
    }

    [Fact]
    public async Task AppliedMigration_IsNotCollected_PendingOnesAnsweredFromTheLiveCatalogAndEachOther()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("queries");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users + """
                CREATE TABLE "VersionInfo" ("Version" bigint NOT NULL, "AppliedOn" timestamp, "Description" varchar(1024));
                INSERT INTO "VersionInfo" VALUES (1, now(), 'long applied');
                """);
            var migrations = MigrationInstances.Deferred(DatabaseProvider.Postgres, new LongAppliedWithSchemaQuery(), new AddNicknameUnlessThere(), new IndexNicknameIfThere());
            var migrator = new SafeMigrator(connectionString, Options);

            var plan = await migrator.ExpandAsync(migrations);

            Assert.False(UpCalls.ContainsKey(nameof(LongAppliedWithSchemaQuery)), "An applied migration's Up() ran.");
            Assert.Equal([2L, 3L], plan.Migrations.Select(m => m.Version));
            Assert.Contains(plan.Migrations[1].Expand, s => s.Description.Contains("ix_users_nickname", StringComparison.Ordinal));
            Assert.Equal("ix_users_nickname", await ScalarAsync(connectionString, "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_users_nickname'"));
            Assert.Null(await ScalarAsync(connectionString, "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'legacy'"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public void Offline_QueriesAnsweredFromTheEarlierMigrations()
    {
        var migrations = MigrationInstances.Deferred(DatabaseProvider.Postgres, new AddNicknameUnlessThere(), new IndexNicknameIfThere());

        // Offline nothing is known to exist: migration 2 adds the column, so migration 3 sees it and indexes it.
        var plan = SafeMigrator.PlanEachOffline(migrations);

        Assert.Contains(plan.Migrations.Single(m => m.Version == 3).Expand, s => s.Description.Contains("ix_users_nickname", StringComparison.Ordinal));
    }

    [Fact]
    public void Offline_QueryAfterRawSql_OneClearLineNamingTheMigrationAndTheCall()
    {
        var migrations = MigrationInstances.Deferred(DatabaseProvider.Postgres, new RawSqlFirst(), new IndexNicknameIfThere());

        var failure = Assert.Throws<SchemaQueryUnanswerableException>(() => SafeMigrator.PlanEachOffline(migrations));

        Assert.Equal("Schema.Table(\"users\").Column(\"nickname\").Exists()", failure.Call);
        Assert.Contains("migration 2 runs raw SQL", failure.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }
}
