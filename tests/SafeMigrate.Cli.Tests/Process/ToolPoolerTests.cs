using System.Text;
using Npgsql;
using SafeMigrate.Execution;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>
/// The installed tool through a real PgBouncer in front of the test server. In session mode a release behaves as on
/// a direct connection: the held-out release scenario, two runs at once (one is blocked, exit 4), and a run killed with
/// SIGKILL whose lock PgBouncer's server reset (DISCARD ALL) releases so that the next run resumes. In transaction and
/// statement mode every command that changes the database is refused up front (exit 2) with nothing changed and no lock
/// left behind.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public class ToolPoolerTests(InstalledTool tool)
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    private static string LockKey => PostgresMigrationLock.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Release 2's backfills in small, paced batches: the expand runs for several seconds.</summary>
    private static string[] SlowExpand(string connection) =>
        ["expand", "-a", Release, "--tag", "release2", "-c", connection, "--batch-size", "20", "--batch-target-ms", "0", "--batch-delay", "20"];

    [PgBouncerFact]
    public async Task ReleaseThroughSessionPool_UnderOldVersionLoad_SameAsDirect()
    {
        var database = await TestPostgres.CreateDatabaseAsync("sessionrelease");
        try
        {
            await using var bouncer = await ThrowawayPgBouncer.StartAsync("session");
            await ToolReleaseTests.ReleaseUnderOldVersionLoadAsync(tool, database, bouncer.ConnectionStringFor(database));
            Assert.Empty(await DatabaseDump.AdvisoryLocksAsync(database));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [PgBouncerFact]
    public async Task TwoRunsAtOnceThroughSessionPool_SecondBlocked_FirstCompletes()
    {
        var database = await TestPostgres.CreateDatabaseAsync("sessiontwo");
        try
        {
            await using var bouncer = await ThrowawayPgBouncer.StartAsync("session");
            var pooled = bouncer.ConnectionStringFor(database);
            await ReleaseOneWithRowsAsync(database, pooled);

            var log = new StringBuilder();
            using var first = tool.Start(log, SlowExpand(pooled));
            await WaitForAsync(async () => (await DatabaseDump.AdvisoryLocksAsync(database)).Any(l => l.EndsWith(" " + LockKey, StringComparison.Ordinal)), "the first run's migration lock");

            var second = await tool.RunAsync(SlowExpand(pooled));
            Assert.True(second.ExitCode == ExitCodes.Blocked, second.ToString());
            Assert.Contains("holds the migration lock", second.Error);

            await first.WaitForExitAsync();
            Assert.True(first.ExitCode == ExitCodes.Success, $"first run: exit {first.ExitCode}\n{log}");
            await RunToolAsync("contract", "-a", Release, "--tag", "release2", "-c", pooled);
            await ToolReleaseTests.AssertFinalSchemaAsync(database);
            Assert.Empty(await DatabaseDump.AdvisoryLocksAsync(database));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [PgBouncerFact]
    public async Task RunKilledThroughSessionPool_PoolerResetReleasesTheLock_NextRunResumesAndFinishes()
    {
        var database = await TestPostgres.CreateDatabaseAsync("sessionkill");
        try
        {
            await using var bouncer = await ThrowawayPgBouncer.StartAsync("session");
            var pooled = bouncer.ConnectionStringFor(database);
            await ReleaseOneWithRowsAsync(database, pooled);

            var log = new StringBuilder();
            using (var run = tool.Start(log, SlowExpand(pooled)))
            {
                // Killed in the middle of a backfill: batches are committed with their checkpoint, the lock is held.
                await WaitForAsync(async () => await CheckpointsAsync(database) > 0, "a backfill checkpoint");
                Assert.Single(await DatabaseDump.AdvisoryLocksAsync(database), l => l.EndsWith(" " + LockKey, StringComparison.Ordinal));

                run.Kill(entireProcessTree: true); // SIGKILL: no cleanup of any kind in the tool
                await run.WaitForExitAsync();

                // PgBouncer notices the client is gone. Killed between two statements, it resets the server session
                // (DISCARD ALL) and keeps it in the pool; killed while a batch's statement ran, it closes the server
                // connection. Either releases the session's advisory lock, which is what the next run needs.
                await WaitForAsync(async () => (await DatabaseDump.AdvisoryLocksAsync(database)).Count == 0, "the killed run's lock to be released");
            }

            var again = await tool.RunAsync("expand", "-a", Release, "--tag", "release2", "-c", pooled);
            Assert.True(again.ExitCode == ExitCodes.Success, $"{again}\nkilled run:\n{log}");
            Assert.Contains("(resumed)", again.Error + again.Output);
            await RunToolAsync("contract", "-a", Release, "--tag", "release2", "-c", pooled);
            await ToolReleaseTests.AssertFinalSchemaAsync(database);
            Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM customers WHERE email_address IS NULL OR status IS NULL"));
            Assert.Equal(3000L, await ScalarAsync<long>(database, "SELECT count(*) FROM purchases"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [PgBouncerTheory]
    [InlineData("transaction")]
    [InlineData("statement")]
    public async Task ThroughSharingPool_ChangingCommandsRefusedUpFront_NothingChangedNoLockLeft(string poolMode)
    {
        var database = await TestPostgres.CreateDatabaseAsync("pooled" + poolMode);
        try
        {
            await ReleaseOneWithRowsAsync(database, database);
            await using var bouncer = await ThrowawayPgBouncer.StartAsync(poolMode);
            var pooled = bouncer.ConnectionStringFor(database);
            var before = await DatabaseDump.ReadAsync(database);

            // Two at once, and each command that changes the database.
            var runs = await Task.WhenAll(
                tool.RunAsync("expand", "-a", Release, "--tag", "release2", "-c", pooled),
                tool.RunAsync("expand", "-a", Release, "--tag", "release2", "-c", pooled),
                tool.RunAsync("contract", "-a", Release, "--tag", "release2", "-c", pooled),
                tool.RunAsync("rollback", "-a", Release, "--tag", "release2", "-c", pooled, "--yes"));
            foreach (var run in runs)
            {
                Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
                var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("error: The connection goes through a " + poolMode + "-pooling proxy", line);
                Assert.Contains("direct connection string", line);
                Assert.Equal("", run.Output);
            }

            // A run killed with SIGKILL (at whatever point it has reached by then: starting, probing or refusing) leaves nothing either.
            var log = new StringBuilder();
            using (var killed = tool.Start(log, "expand", "-a", Release, "--tag", "release2", "-c", pooled))
            {
                await Task.Delay(1000);
                if (!killed.HasExited)
                {
                    killed.Kill(entireProcessTree: true);
                }

                await killed.WaitForExitAsync();
            }

            Assert.Equal(before, await DatabaseDump.ReadAsync(database));
            Assert.Empty(await DatabaseDump.AdvisoryLocksAsync(database));

            // Reading works through the pool; and nothing is stuck: the direct connection finishes the release.
            var status = await tool.RunAsync("status", "-a", Release, "--tag", "release2", "-c", pooled);
            Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
            await RunToolAsync("expand", "-a", Release, "--tag", "release2", "-c", database);
            await RunToolAsync("contract", "-a", Release, "--tag", "release2", "-c", database);
            await ToolReleaseTests.AssertFinalSchemaAsync(database);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    /// <summary>Release 1 (customers, orders) expanded and contracted through <paramref name="toolConnection"/>, then 3000 customers with an order each.</summary>
    private async Task ReleaseOneWithRowsAsync(string database, string toolConnection)
    {
        await RunToolAsync("expand", "-a", Release, "-c", toolConnection);
        await RunToolAsync("contract", "-a", Release, "-c", toolConnection);
        await ExecuteAsync(database, """
            INSERT INTO customers (name, email, legacy_code) SELECT 'seed ' || g, 'seed' || g || '@example.com', 'L' || g FROM generate_series(1, 3000) g;
            INSERT INTO orders (customer_id, note) SELECT id, 'seed order' FROM customers;
            """);
    }

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

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 60 s for {what}.");
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
