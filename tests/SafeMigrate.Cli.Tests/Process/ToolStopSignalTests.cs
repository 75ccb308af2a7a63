using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>
/// Real signals to the installed tool, as a platform sends them: SIGTERM to the <c>dotnet</c> process (a container's
/// PID 1, which passes it on to the tool's own process), SIGINT to the process group (what Ctrl-C in a terminal sends).
/// The run stops at its next checkpoint, prints where, releases the migration lock and exits 3 well inside a 10-second
/// SIGTERM-to-SIGKILL window; running the same command again finishes the release as an uninterrupted run does.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public partial class ToolStopSignalTests(InstalledTool tool)
{
    /// <summary>The window a platform leaves between SIGTERM and SIGKILL (Kubernetes' default grace period is 30 s; the seed's platform gives 10).</summary>
    private static readonly TimeSpan KillWindow = TimeSpan.FromSeconds(10);

    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    private static string LockKey => PostgresMigrationLock.Key.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Release 2's backfills in small, paced batches: its expand runs for 15 s or more, so that the signal, sent once the
    /// first checkpoint is seen, lands mid-backfill even when starting <c>kill</c> takes seconds on a loaded machine.
    /// </summary>
    private static string[] SlowExpand(string connection) =>
        ["expand", "-a", Release, "--tag", "release2", "-c", connection, "--batch-size", "20", "--batch-target-ms", "0", "--batch-delay", "100"];

    [Fact]
    public Task SigtermToDotnetDuringBackfill_StopsAfterTheBatchExits3_ResumeEndsAsAnUninterruptedRun() =>
        StopDuringBackfillThenResumeAsync("sigterm", ownProcessGroup: false, "-TERM");

    [SigintFact]
    public Task SigintToProcessGroupDuringBackfill_StopsAfterTheBatchExits3_ResumeEndsAsAnUninterruptedRun() =>
        StopDuringBackfillThenResumeAsync("sigint", ownProcessGroup: true, "-INT");

    [Fact]
    public async Task SigtermDuringConcurrentIndexBuild_CancelledOnServer_ResumeDropsTheInvalidIndexAndBuildsOne()
    {
        var database = await TestPostgres.CreateDatabaseAsync("stopindex");
        try
        {
            await ReleaseOneWithRowsAsync(database);

            // An application transaction with an old snapshot (REPEATABLE READ, one query): CREATE INDEX CONCURRENTLY
            // waits for it before it marks the index valid, for as long as it stays open (the build lifts lock_timeout).
            // Nothing else of the expand waits for it: it locks no table.
            await using var old = new NpgsqlConnection(database);
            await old.OpenAsync();
            await using var transaction = await old.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
            await using (var snapshot = new NpgsqlCommand("SELECT 1", old, transaction))
            {
                await snapshot.ExecuteScalarAsync();
            }

            var log = new StringBuilder();
            using var run = tool.Start(log, "expand", "-a", Release, "--tag", "release2", "-c", database);
            await WaitForAsync(async () => await IndexBuildsWaitingAsync(database) == 1, "the index build to wait for the old transaction", run, log);

            var (exitCode, elapsed) = await SignalAndWaitAsync(run, "-TERM", run.Id);
            Assert.True(exitCode == ExitCodes.DatabaseFailure, $"exit {exitCode}\n{log}");
            Assert.True(elapsed < KillWindow, $"stopped after {elapsed}\n{log}");
            var line = Assert.Single(Lines(log), l => l.StartsWith("stopped", StringComparison.Ordinal));
            Assert.Matches(@"^stopped on request in migration 4, expand step 1/1 \(.*ix_customers_name.*\), which was cancelled and runs again on resume; run the same command again to resume\.$", line);
            Assert.DoesNotContain(Lines(log), l => l.StartsWith("error:", StringComparison.Ordinal));

            // The server query was cancelled, not left running after its client went away; what it leaves is an
            // INVALID index (the build's catalog entry); the migration lock is free.
            Assert.Equal(0L, await IndexBuildsRunningAsync(database));
            Assert.False(await ScalarAsync<bool>(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ix_customers_name'::regclass"));
            Assert.DoesNotContain(await DatabaseDump.AdvisoryLocksAsync(database), l => l.EndsWith(" " + LockKey, StringComparison.Ordinal));

            await transaction.CommitAsync();
            var again = await tool.RunAsync("expand", "-a", Release, "--tag", "release2", "-c", database);
            Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());

            // Exactly one index on customers(name), valid, and no invalid index left on the table.
            Assert.Equal(1L, await ScalarAsync<long>(database, """
                SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = 'public.customers'::regclass AND i.indnatts = 1 AND a.attname = 'name'
                """));
            Assert.True(await ScalarAsync<bool>(database, "SELECT indisvalid AND indisready FROM pg_index WHERE indexrelid = 'public.ix_customers_name'::regclass"));
            Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM pg_index WHERE indrelid = 'public.customers'::regclass AND NOT indisvalid"));

            await RunToolAsync("contract", "-a", Release, "--tag", "release2", "-c", database);
            await ToolReleaseTests.AssertFinalSchemaAsync(database);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// Release 2 expanded twice from the same start: once without interruption, once stopped by <paramref name="signal"/>
    /// in its first backfill and run again; both databases must end the same, rows and schema.
    /// </summary>
    private async Task StopDuringBackfillThenResumeAsync(string hint, bool ownProcessGroup, string signal)
    {
        var reference = await TestPostgres.CreateDatabaseAsync(hint + "reference");
        var database = await TestPostgres.CreateDatabaseAsync(hint);
        try
        {
            await ReleaseOneWithRowsAsync(reference);
            await RunToolAsync(SlowExpand(reference));
            await ReleaseOneWithRowsAsync(database);

            var log = new StringBuilder();
            using (var run = tool.Start(log, ownProcessGroup, SlowExpand(database)))
            {
                await WaitForAsync(async () => await CheckpointsAsync(database) > 0, "a backfill checkpoint", run, log);
                Assert.Contains(await DatabaseDump.AdvisoryLocksAsync(database), l => l.EndsWith(" " + LockKey, StringComparison.Ordinal));

                // To the group: its id is the dotnet process's (setsid made it the leader).
                var (exitCode, elapsed) = await SignalAndWaitAsync(run, signal, ownProcessGroup ? -run.Id : run.Id);
                Assert.True(exitCode == ExitCodes.DatabaseFailure, $"exit {exitCode}\n{log}");
                Assert.True(elapsed < KillWindow, $"stopped after {elapsed}\n{log}");
            }

            var line = Assert.Single(Lines(log), l => l.StartsWith("stopped", StringComparison.Ordinal));
            var match = StoppedInBackfill().Match(line);
            Assert.True(match.Success, line);
            var rows = long.Parse(match.Groups["rows"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            Assert.True(rows > 0 && rows < 3000 && rows % 20 == 0, $"{rows} rows: batches of 20 committed, not all 3000");
            Assert.DoesNotContain(Lines(log), l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.Empty(await DatabaseDump.AdvisoryLocksAsync(database));
            Assert.Equal(rows, await ScalarAsync<long>(database, "SELECT count(*) FROM customers WHERE email_address IS NOT NULL"));

            var again = await tool.RunAsync("expand", "-a", Release, "--tag", "release2", "-c", database);
            Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
            Assert.Contains("(resumed)", again.Error);
            Assert.Equal(Comparable(await DatabaseDump.ReadAsync(reference)), Comparable(await DatabaseDump.ReadAsync(database)));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
            await TestPostgres.DropDatabaseAsync(reference);
        }
    }

    [GeneratedRegex(@"^stopped on request in migration 2, expand step 3/8 \(copy ""email"" into ""email_address"" for existing rows, in batches\), after (?<rows>[0-9,]+)( of about [0-9,]+)? rows \(the last batch committed\); run the same command again to resume\.$")]
    private static partial Regex StoppedInBackfill();

    /// <summary>The dump less what differs between any two runs: SafeMigrate's state rows (times, batch counts) and VersionInfo's (applied-on times).</summary>
    private static IReadOnlyList<string> Comparable(IReadOnlyList<string> dump) =>
        dump.Where(l => !l.StartsWith("rows safe_migrate.", StringComparison.Ordinal) && !l.StartsWith("rows public.VersionInfo ", StringComparison.Ordinal)).ToList();

    /// <summary>Sends <paramref name="signal"/> with kill(1) to <paramref name="target"/> (a negative id: a process group) and times the exit.</summary>
    private static async Task<(int ExitCode, TimeSpan Elapsed)> SignalAndWaitAsync(System.Diagnostics.Process run, string signal, int target)
    {
        var clock = Stopwatch.StartNew();
        var kill = await ProcessRun.RunAsync("kill", [signal, "--", target.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await run.WaitForExitAsync(limit.Token);
        return (run.ExitCode, clock.Elapsed);
    }

    private static string[] Lines(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    /// <summary>Release 1 (customers, orders), then 3000 customers with an order each.</summary>
    private async Task ReleaseOneWithRowsAsync(string database)
    {
        await RunToolAsync("expand", "-a", Release, "-c", database);
        await RunToolAsync("contract", "-a", Release, "-c", database);
        await ExecuteAsync(database, """
            INSERT INTO customers (name, email, legacy_code) SELECT 'seed ' || g, 'seed' || g || '@example.com', 'L' || g FROM generate_series(1, 3000) g;
            INSERT INTO orders (customer_id, note) SELECT id, 'seed order' FROM customers;
            """);
    }

    private static Task<long> IndexBuildsWaitingAsync(string database) => ScalarAsync<long>(database,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query ILIKE 'CREATE%INDEX CONCURRENTLY%' AND wait_event = 'virtualxid'");

    private static Task<long> IndexBuildsRunningAsync(string database) => ScalarAsync<long>(database,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query ILIKE 'CREATE%INDEX CONCURRENTLY%'");

    /// <summary>Backfill checkpoints recorded so far (none while the state table does not exist yet).</summary>
    private static async Task<long> CheckpointsAsync(string database)
    {
        try
        {
            return await ScalarAsync<long>(database, "SELECT count(*) FROM safe_migrate.step_state WHERE checkpoint IS NOT NULL");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private async Task RunToolAsync(params string[] args)
    {
        var run = await tool.RunAsync(args);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, System.Diagnostics.Process run, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.False(run.HasExited, $"The run ended (exit {(run.HasExited ? run.ExitCode : 0)}) before {what}:\n{log}");
            Assert.True(DateTime.UtcNow < deadline, $"Waited 60 s for {what}.\n{log}");
            await Task.Delay(50);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
