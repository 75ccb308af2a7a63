using System.Diagnostics;
using FluentMigrator;
using Npgsql;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Providers.Postgres;

/// <summary>
/// The runner's own sessions, read from inside them (a migration's SQL runs on the runner's connection): an
/// <c>idle_in_transaction_session_timeout</c> on every version, and on 17+ no session-wide <c>transaction_timeout</c>;
/// and a runner stuck inside a transaction that holds ACCESS EXCLUSIVE is ended by the server, which frees the table
/// while the runner is still stuck; the next run resumes.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class RunnerSessionGuardTests
{
    private static SafeMigratorOptions Options => new() { LockTimeout = TimeSpan.FromSeconds(2) };

    /// <summary>Records the settings of the session that runs it, in its own transaction, into a table.</summary>
    [Migration(1)]
    private sealed class RecordSessionSettings : Migration
    {
        public override void Up()
        {
            Create.Table("session_settings").WithColumn("name").AsString(100).PrimaryKey().WithColumn("value").AsString(100).Nullable();
            Execute.Sql("""
                INSERT INTO session_settings (name, value)
                SELECT name, setting || coalesce(unit, '') FROM pg_settings
                WHERE name IN ('idle_in_transaction_session_timeout', 'transaction_timeout', 'lock_timeout', 'statement_timeout')
                """);
        }

        public override void Down() { }
    }

    /// <summary>Locks a table in its data fix's transaction, then (when told to) stops answering for a while, as a frozen runner does.</summary>
    [Migration(1)]
    private sealed class StallWhileHoldingALock(TimeSpan stall, TaskCompletionSource? stalled) : Migration
    {
        public override void Up()
        {
            Create.Table("held").WithColumn("id").AsInt32().PrimaryKey();
            Execute.WithConnection((connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "LOCK TABLE held IN ACCESS EXCLUSIVE MODE; INSERT INTO held VALUES (1)";
                command.ExecuteNonQuery();
                stalled?.TrySetResult();
                Thread.Sleep(stall);
            });
        }

        public override void Down() { }
    }

    [Fact]
    public async Task RunnerSession_IdleInTransactionLimitIsLockTimeoutPlusAllowance_NoSessionTransactionTimeout()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("sessionguards");
        try
        {
            await new SafeMigrator(connectionString, Options).ExpandAsync(MigrationInstances.Deferred(DatabaseProvider.Postgres, new RecordSessionSettings()));

            var settings = await ReadSettingsAsync(connectionString);
            Assert.Equal("32000ms", settings["idle_in_transaction_session_timeout"]); // 2 s lock timeout + 30 s
            Assert.Equal("2000ms", settings["lock_timeout"]);
            Assert.Equal("0ms", settings["statement_timeout"]);
            var major = (int)(long)(await ScalarAsync(connectionString, "SELECT current_setting('server_version_num')::bigint / 10000"))!;
            if (major >= 17)
            {
                Assert.Equal("0ms", settings["transaction_timeout"]);
            }
            else
            {
                Assert.False(settings.ContainsKey("transaction_timeout"));
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task RunnerSession_EvenWhenTheRoleHasOtherDefaults_GetsItsOwnLimits()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("sessionguardsdefaults");
        try
        {
            // A database whose defaults would let a stuck runner hold its locks for ever (0), or end its index builds.
            var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
            var major = (int)(long)(await ScalarAsync(connectionString, "SELECT current_setting('server_version_num')::bigint / 10000"))!;
            await ScalarAsync(connectionString, $"ALTER DATABASE \"{database}\" SET idle_in_transaction_session_timeout = 0"
                + (major >= 17 ? $"; ALTER DATABASE \"{database}\" SET transaction_timeout = '1s'" : string.Empty));

            await new SafeMigrator(connectionString, Options with { LockTimeout = TimeSpan.FromMilliseconds(500) })
                .ExpandAsync(MigrationInstances.Deferred(DatabaseProvider.Postgres, new RecordSessionSettings()));

            var settings = await ReadSettingsAsync(connectionString);
            Assert.Equal("30500ms", settings["idle_in_transaction_session_timeout"]);
            if (major >= 17)
            {
                Assert.Equal("0ms", settings["transaction_timeout"]);
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task RunnerStuckInATransaction_ServerEndsItsSession_TableFreeWhileStillStuck_NextRunResumes()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("stuckrunner");
        try
        {
            // The limit shortened to 1 s (it is 32 s with a 2 s lock timeout), the runner frozen for 6 s.
            var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stuck = new SafeMigrator(new PostgresReleaseDatabase(connectionString, idleInTransactionTimeout: TimeSpan.FromSeconds(1)), Options);
            var clock = Stopwatch.StartNew();
            var run = stuck.ExpandAsync(MigrationInstances.Deferred(DatabaseProvider.Postgres, new StallWhileHoldingALock(TimeSpan.FromSeconds(6), stalled)));
            await stalled.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // While the runner is still frozen, the application reads the table: its ACCESS EXCLUSIVE lock is gone
            // with the session the server ended, and so is the migration lock.
            await using (var app = new NpgsqlConnection(connectionString))
            {
                await app.OpenAsync();
                await using var read = new NpgsqlCommand("SET lock_timeout = '10s'; SELECT count(*) FROM held", app);
                Assert.Equal(0L, await read.ExecuteScalarAsync());
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"The table was free only after {clock.Elapsed}, when the runner woke up.");
            Assert.Empty(await DatabaseDump.AdvisoryLocksAsync(connectionString));
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'safe-migrate'"));

            // The frozen runner, once awake, finds its connection ended: a database failure (exit 3), nothing half done.
            var failure = await Assert.ThrowsAsync<DatabaseFailureException>(() => run);
            Assert.Contains("connection", failure.Message, StringComparison.OrdinalIgnoreCase);

            var migrations = MigrationInstances.Deferred(DatabaseProvider.Postgres, new StallWhileHoldingALock(TimeSpan.Zero, null));
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(migrations);
            Assert.Equal(MigrationPhase.Contracted, (await migrator.StatusAsync(migrations))[1]);
            Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM held"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<Dictionary<string, string>> ReadSettingsAsync(string connectionString)
    {
        var settings = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name, value FROM session_settings", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            settings[reader.GetString(0)] = reader.GetString(1);
        }

        return settings;
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
