using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Providers.Postgres;

/// <summary>
/// <c>DETACH PARTITION … CONCURRENTLY</c> (PostgreSQL 14+) as raw SQL in contract: the runner sends every statement
/// containing CONCURRENTLY outside a transaction block, which this form requires (else error 25001). Before 14 the
/// statement does not exist and the step fails, resumably, with the server's syntax error.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class PartitionByServerVersionTests
{
    [Migration(1)]
    private sealed class DetachOldEvents : Migration
    {
        public override void Up() => Execute.SqlInContract("ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY");

        public override void Down() { }
    }

    [Fact]
    public async Task DetachPartitionConcurrently_RunsOutsideATransactionFrom14()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("detach");
        try
        {
            await ExecuteAsync(cs, """
                CREATE TABLE events (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                INSERT INTO events VALUES (1, '2024-05-01'), (2, '2025-05-01');
                """);
            var major = (int)(await ScalarAsync(cs, "SELECT current_setting('server_version_num')::int / 10000"))!;
            var units = MigrationInstances.Collect(new DetachOldEvents());
            var migrator = new SafeMigrator(cs, Options);
            await migrator.ExpandAsync(units);

            if (major >= 14)
            {
                await migrator.ContractAsync(units);
                Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM events"));
                Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM events_2024"));
                Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM pg_inherits WHERE inhrelid = 'events_2024'::regclass"));
            }
            else
            {
                var e = await Assert.ThrowsAsync<DatabaseFailureException>(() => migrator.ContractAsync(units));
                Assert.Contains("syntax error", e.Message, StringComparison.Ordinal);
                Assert.Equal(2L, await ScalarAsync(cs, "SELECT count(*) FROM events"));
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }
}
