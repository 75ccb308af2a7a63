using System.Diagnostics;
using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Backfill;

/// <summary>
/// Rows locked by the application: the backfill waits at most lock_timeout per try, retries, and never skips them.
/// Fixed batch sizes, so that which batch meets the locked rows does not depend on the machine's speed.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public class BackfillLockTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string SetClause = "\"new_value\" = \"old_value\", \"touched\" = \"touched\" + 1";

    [Fact]
    public async Task RowsLockedBriefly_BatchRetriedUntilReleased()
    {
        await CreateTableAsync("locked_briefly");
        await using var holder = await LockRowsAsync("locked_briefly", 200, 210);
        var release = Task.Run(async () =>
        {
            await Task.Delay(1500);
            await holder.Transaction.CommitAsync();
        });
        var clock = Stopwatch.StartNew();

        var result = await PostgresBackfill.RunAsync(
            database.ConnectionString,
            new BackfillRequest("public", "locked_briefly", SetClause, null, 100, TimeSpan.Zero, LockTimeout: TimeSpan.FromMilliseconds(100), MaxLockAttempts: 30) { TargetBatchDuration = null },
            PostgresBackfill.Checkpoints(3, "expand", 1),
            null,
            CancellationToken.None);
        await release;

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1400), $"finished in {clock.Elapsed} while the rows were locked for 1.5 s");
        Assert.Equal(new BackfillResult(500, 5, false), result);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM locked_briefly WHERE touched <> 1 OR new_value IS DISTINCT FROM old_value"));
    }

    [Fact]
    public async Task RowsLockedLongerThanEveryAttempt_BlockedThenResumable()
    {
        await CreateTableAsync("locked_long");
        var store = PostgresBackfill.Checkpoints(3, "expand", 2);
        var request = new BackfillRequest("public", "locked_long", SetClause, null, 100, TimeSpan.Zero, LockTimeout: TimeSpan.FromMilliseconds(50), MaxLockAttempts: 3) { TargetBatchDuration = null };
        await using (var holder = await LockRowsAsync("locked_long", 250, 250))
        {
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<BlockedException>(() => PostgresBackfill.RunAsync(database.ConnectionString, request, store, null, CancellationToken.None));

            Assert.Contains("3 attempts", error.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"gave up after {clock.Elapsed}");
            // The batches before the locked row committed; the one holding it did not.
            Assert.Equal(200L, await database.ScalarAsync("SELECT count(*) FROM locked_long WHERE touched = 1"));
        }

        var result = await PostgresBackfill.RunAsync(database.ConnectionString, request, store, null, CancellationToken.None);

        Assert.Equal(new BackfillResult(500, 5, true), result);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM locked_long WHERE touched <> 1"));
    }

    [Fact]
    public async Task LockTimeout_SetOnTheBackfillConnection()
    {
        await CreateTableAsync("lock_setting");
        // current_setting() inside a trigger reads the backfill's own session.
        await database.ExecuteAsync("""
            CREATE TABLE lock_setting_seen (value text);
            CREATE FUNCTION lock_setting_record() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO lock_setting_seen VALUES (current_setting('lock_timeout')); RETURN NEW; END $$;
            CREATE TRIGGER lock_setting_record BEFORE UPDATE ON lock_setting FOR EACH STATEMENT EXECUTE FUNCTION lock_setting_record();
            """);

        await PostgresBackfill.RunAsync(
            database.ConnectionString,
            new BackfillRequest("public", "lock_setting", SetClause, null, 500, TimeSpan.Zero),
            PostgresBackfill.Checkpoints(3, "expand", 3),
            null,
            CancellationToken.None);

        Assert.Equal("2s", await database.ScalarAsync("SELECT DISTINCT value FROM lock_setting_seen"));
    }

    private Task CreateTableAsync(string table) => database.ExecuteAsync($"""
        CREATE TABLE {table} (id int PRIMARY KEY, old_value text NOT NULL, new_value text, touched int NOT NULL DEFAULT 0);
        INSERT INTO {table} (id, old_value) SELECT g, 'value ' || g FROM generate_series(1, 500) AS g;
        """);

    private async Task<RowLockHolder> LockRowsAsync(string table, int from, int to)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"SELECT id FROM {table} WHERE id BETWEEN {from} AND {to} FOR UPDATE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new RowLockHolder(connection, transaction);
    }

    /// <summary>An application transaction holding row locks until committed or disposed.</summary>
    private sealed class RowLockHolder(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public NpgsqlTransaction Transaction { get; } = transaction;

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
