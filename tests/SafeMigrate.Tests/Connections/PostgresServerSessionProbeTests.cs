using FluentMigrator;
using Npgsql;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Connections;

/// <summary>The probe against a real server, directly and through a real PgBouncer in each pool mode.</summary>
public sealed class PostgresServerSessionProbeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Migration(1)]
    private sealed class AddNickname : Migration
    {
        public override void Up() => Create.Column("nickname").OnTable("users").AsString(50).Nullable();

        public override void Down() { }
    }

    [Fact]
    public async Task Direct_KeepsItsSession()
    {
        var result = await ProbeAsync(database.ConnectionString);

        Assert.Equal(ServerSessionSharing.None, result.Sharing);
    }

    [PgBouncerTheory]
    [InlineData("session", nameof(ServerSessionSharing.None))]
    [InlineData("transaction", nameof(ServerSessionSharing.PerTransaction))]
    [InlineData("statement", nameof(ServerSessionSharing.PerStatement))]
    public async Task ThroughPgBouncer_PoolModeRecognised(string poolMode, string expected)
    {
        await using var bouncer = await ThrowawayPgBouncer.StartAsync(poolMode);

        // Several times: each probe starts from whatever server the pool hands out first.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var result = await ProbeAsync(bouncer.ConnectionStringFor(database.ConnectionString));
            Assert.True(Enum.Parse<ServerSessionSharing>(expected) == result.Sharing, $"{poolMode}: {result}");
        }
    }

    [PgBouncerTheory]
    [InlineData("transaction", "transaction-pooling proxy")]
    [InlineData("statement", "statement-pooling proxy")]
    public async Task ExpandThroughSharingPool_RefusedUpFront_NothingChangedNoLockLeft(string poolMode, string detected)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("pooledexpand");
        try
        {
            await ExecuteAsync(cs, "CREATE TABLE users (id bigint PRIMARY KEY, name text)");
            await using var bouncer = await ThrowawayPgBouncer.StartAsync(poolMode);
            var pooled = bouncer.ConnectionStringFor(cs);
            var migrations = MigrationInstances.Collect(new AddNickname());
            var before = await DatabaseDump.ReadAsync(cs);

            var refused = await Assert.ThrowsAsync<InvalidInputException>(() => new SafeMigrator(pooled).ExpandAsync(migrations));

            Assert.Contains(detected, refused.Message);
            Assert.Contains("direct connection string", refused.Message);
            Assert.DoesNotContain('\n', refused.Message);
            Assert.Equal(before, await DatabaseDump.ReadAsync(cs));
            Assert.Empty(await DatabaseDump.AdvisoryLocksAsync(cs));

            // Refused, not stuck: the same release goes through a direct connection at once.
            await new SafeMigrator(cs).ExpandAsync(migrations);
            Assert.NotEqual(before, await DatabaseDump.ReadAsync(cs));
            Assert.Equal(MigrationPhase.Expanded, (await new SafeMigrator(cs).StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [PgBouncerFact]
    public async Task ReadOnlyCommandsThroughTransactionPool_WorkAndSetNothingOnPooledSessions()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("pooledread");
        try
        {
            await ExecuteAsync(cs, "CREATE TABLE users (id bigint PRIMARY KEY, name text)");
            var migrations = MigrationInstances.Collect(new AddNickname());
            await using var bouncer = await ThrowawayPgBouncer.StartAsync("transaction");
            var pooled = bouncer.ConnectionStringFor(cs);

            var plan = await new SafeMigrator(pooled).PlanAsync(migrations);
            var status = await new SafeMigrator(pooled).StatusAsync(migrations);

            Assert.Single(plan.Migrations);
            Assert.Equal(MigrationPhase.Pending, status[1]);
            // The pool's server sessions kept the server's lock_timeout: the tool's own would have reached the app.
            await using var app = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pooled) { Pooling = false }.ConnectionString);
            await app.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW lock_timeout", app);
            Assert.Equal("0", await show.ExecuteScalarAsync());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [PgBouncerFact]
    public async Task SessionPoolWithoutReset_LockLeftOnTheServerSessionByAGoneRun_TakenOverNotCountedAsHeld()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("noreset");
        try
        {
            await ExecuteAsync(cs, "CREATE TABLE users (id bigint PRIMARY KEY, name text)");
            await using var bouncer = await ThrowawayPgBouncer.StartAsync("session", serverResetQuery: "");
            var pooled = new NpgsqlConnectionStringBuilder(bouncer.ConnectionStringFor(cs)) { Pooling = false }.ConnectionString;
            int holder;
            await using (var gone = new NpgsqlConnection(pooled))
            {
                // A run that took the lock and vanished: without a reset, its server session keeps the lock in the pool.
                await gone.OpenAsync();
                await using var take = new NpgsqlCommand($"SELECT pg_backend_pid() FROM (SELECT pg_advisory_lock({PostgresMigrationLock.Key})) AS taken", gone);
                holder = (int)(await take.ExecuteScalarAsync())!;
            }

            Assert.Equal([$"{holder} {PostgresMigrationLock.Key}"], await DatabaseDump.AdvisoryLocksAsync(cs));

            // The only idle server session is the one holding the lock: the next run is handed it.
            await new SafeMigrator(pooled).ExpandAsync(MigrationInstances.Collect(new AddNickname()));

            Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"));
            Assert.Empty(await DatabaseDump.AdvisoryLocksAsync(cs));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [PgBouncerFact]
    public async Task SessionPoolWithOneServerSession_SecondConnectionNeverServed_FailsWithTheReasonInsteadOfHanging()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("onesession");
        try
        {
            await ExecuteAsync(cs, "CREATE TABLE users (id bigint PRIMARY KEY, name text)");
            await using var bouncer = await ThrowawayPgBouncer.StartAsync("session", poolSize: 1);
            var before = await DatabaseDump.ReadAsync(cs);

            var failed = await Assert.ThrowsAsync<DatabaseFailureException>(
                () => new SafeMigrator(bouncer.ConnectionStringFor(cs)).ExpandAsync(MigrationInstances.Collect(new AddNickname())));

            Assert.True(failed.Message.Contains("got no server session within 15 s", StringComparison.Ordinal), failed.ToString());
            Assert.Equal(before, await DatabaseDump.ReadAsync(cs));
            Assert.Empty(await DatabaseDump.AdvisoryLocksAsync(cs));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    private static async Task<ServerSessionProbeResult> ProbeAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return await PostgresServerSessionProbe.ProbeAsync(connection, builder.ConnectionString, CancellationToken.None);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
