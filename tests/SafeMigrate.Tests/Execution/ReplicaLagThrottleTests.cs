using System.Collections.Concurrent;
using FluentMigrator;
using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// The replica-lag throttle against a real streaming standby: with its replay paused, a backfill stops advancing once
/// the lag passes the limit, and finishes with the same end state once replay resumes; the standby is found in
/// pg_stat_replication, or named with a replica connection.
/// </summary>
public sealed class ReplicaLagThrottleTests(ReplicaPair pair) : IClassFixture<ReplicaPair>
{
    private const int Rows = 20_000;

    [Migration(1)]
    private sealed class RenameEmail : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("lagged_users").To("email_address");

        public override void Down() { }
    }

    [Fact]
    public async Task PausedReplay_OfAStandbySeenFromThePrimary_HoldsTheBackfill_UntilReplayResumes()
    {
        var database = await CreateDatabaseAsync("lag_discovered");
        var log = new ConcurrentQueue<string>();
        await RunPausedThenResumedAsync(database, pair.Primary.ConnectionStringFor(database), [], log);

        Assert.Contains(log, l => l.StartsWith("  throttled: replica walreceiver (127.0.0.1) is ", StringComparison.Ordinal) && l.Contains("behind (limit 0.5 s)", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("cannot see", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PausedReplay_OfANamedReplica_HoldsTheBackfill_WhenTheRoleCannotSeePgStatReplication()
    {
        var database = await CreateDatabaseAsync("lag_named");
        await ExecuteAsync(pair.Primary.ConnectionString, $"""
            DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lag_watcher') THEN CREATE ROLE lag_watcher LOGIN; END IF; END $$;
            ALTER DATABASE "{database}" OWNER TO lag_watcher;
            """);
        await ExecuteAsync(pair.Primary.ConnectionStringFor(database), "ALTER TABLE lagged_users OWNER TO lag_watcher; ALTER SCHEMA public OWNER TO lag_watcher");
        var asWatcher = new NpgsqlConnectionStringBuilder(pair.Primary.ConnectionStringFor(database)) { Username = "lag_watcher" }.ConnectionString;
        var log = new ConcurrentQueue<string>();

        await RunPausedThenResumedAsync(database, asWatcher, [pair.StandbyConnectionStringFor(database)], log);

        // Without pg_monitor the primary hides the standby's positions: only the named replica holds the backfill.
        Assert.Contains(log, l => l.Contains("replica lag: SafeMigrate's role cannot see the replay position of 1 walsender(s)", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith($"  throttled: replica 127.0.0.1:{pair.StandbyPort} is ", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("walreceiver", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReplicaConnectionThatDoesNotOpen_OrIsNoReplica_IsBadInput_BeforeAnythingChanges()
    {
        var database = await CreateDatabaseAsync("lag_bad");
        var cs = pair.Primary.ConnectionStringFor(database);
        var before = await DatabaseDump.ReadAsync(cs);
        var closed = new NpgsqlConnectionStringBuilder(cs) { Port = 1, Timeout = 5 }.ConnectionString;

        var unreachable = await Assert.ThrowsAsync<InvalidInputException>(() => ExpandAsync(cs, [closed], null));
        var primary = await Assert.ThrowsAsync<InvalidInputException>(() => ExpandAsync(cs, [cs], null));

        Assert.StartsWith("--replica 127.0.0.1:1 cannot be opened: Cannot connect to PostgreSQL at 127.0.0.1:1/", unreachable.Message, StringComparison.Ordinal);
        Assert.Equal($"--replica 127.0.0.1:{pair.Primary.Port} is not a replica: pg_is_in_recovery() is false there (is it the primary?).", primary.Message);
        Assert.Equal(before, await DatabaseDump.ReadAsync(cs));
    }

    /// <summary>
    /// Pauses the standby's replay, starts the expand, waits until the throttle holds it, checks that no batch commits
    /// while it is held, resumes replay, and checks the end state on the primary and, once caught up, on the standby.
    /// </summary>
    private async Task RunPausedThenResumedAsync(string database, string cs, string[] replicas, ConcurrentQueue<string> log)
    {
        var progress = new ConcurrentQueue<BackfillProgress>();
        using var throttled = new ThrottledTime();
        await pair.WaitUntilCaughtUpAsync();
        await pair.OnStandbyAsync(database, "SELECT pg_wal_replay_pause()");
        Task expand;
        try
        {
            expand = ExpandAsync(cs, replicas, log, progress);
            await WaitUntilAsync(() => log.Any(l => l.StartsWith("  throttled: replica ", StringComparison.Ordinal)) || expand.IsCompleted);
            Assert.False(expand.IsCompleted, "the expand finished without being throttled: " + string.Join(" | ", log));

            var held = progress.Count;
            var rowsHeld = progress.LastOrDefault()?.RowsDone ?? 0;
            // Ten polls of the throttle (every 100 ms): no batch may commit while the standby's replay stays paused.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(expand.IsCompleted, "expand went on while the standby lagged");
            Assert.Equal(held, progress.Count);
            Assert.True(rowsHeld < Rows, $"all {Rows} rows were done before the throttle held the backfill");
            Assert.Equal(rowsHeld, await ScalarAsync(pair.Primary.ConnectionStringFor(database), "SELECT count(*) FROM lagged_users WHERE email_address IS NOT NULL"));
        }
        finally
        {
            await pair.OnStandbyAsync(database, "SELECT pg_wal_replay_resume()");
        }

        await expand.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Contains(log, l => l.StartsWith("  throttle released after ", StringComparison.Ordinal) && l.EndsWith("(replica-lag)", StringComparison.Ordinal));
        Assert.Contains(throttled.Waits, w => w.Reason == "replica-lag" && w.Seconds >= 1);
        Assert.Equal(Rows, progress.Last().RowsDone);
        const string Done = "SELECT count(*) FROM lagged_users WHERE email_address = email";
        Assert.Equal((long)Rows, await ScalarAsync(pair.Primary.ConnectionStringFor(database), Done));
        await pair.WaitUntilCaughtUpAsync();
        Assert.Equal((long)Rows, await pair.OnStandbyAsync(database, Done));
    }

    private static Task ExpandAsync(string cs, string[] replicas, ConcurrentQueue<string>? log, ConcurrentQueue<BackfillProgress>? progress = null) =>
        new SafeMigrator(cs, new SafeMigratorOptions
        {
            // Small, spaced batches: the backfill lasts long enough for the lag to pass the limit midway.
            BatchSize = 100,
            BackfillTargetBatchDuration = null,
            DelayBetweenBatches = TimeSpan.FromMilliseconds(20),
            MaxReplicaLag = TimeSpan.FromMilliseconds(500),
            ThrottlePollInterval = TimeSpan.FromMilliseconds(100),
            Replicas = replicas,
            Log = log is null ? null : log.Enqueue,
            BackfillProgress = progress is null ? null : new SynchronousProgressQueue(progress),
        }).ExpandAsync(MigrationInstances.Collect(new RenameEmail()));

    private async Task<string> CreateDatabaseAsync(string name)
    {
        var database = $"{name}_{Guid.NewGuid():N}"[..30];
        await pair.Primary.CreateDatabaseAsync(database);
        await ExecuteAsync(pair.Primary.ConnectionStringFor(database), $"""
            CREATE TABLE lagged_users (id integer PRIMARY KEY, email varchar(200) NOT NULL);
            INSERT INTO lagged_users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, {Rows}) g;
            """);
        return database;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Keeps every report, on the backfill's own thread (<see cref="Progress{T}"/> would post them later).</summary>
    private sealed class SynchronousProgressQueue(ConcurrentQueue<BackfillProgress> reports) : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value) => reports.Enqueue(value);
    }
}
