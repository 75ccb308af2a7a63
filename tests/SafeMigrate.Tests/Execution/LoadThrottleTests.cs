using System.Collections.Concurrent;
using FluentMigrator;
using Npgsql;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Execution;

/// <summary>The load throttle on a real PostgreSQL: a query of the team's own holds the backfill while it answers true.</summary>
public sealed class LoadThrottleTests
{
    [Migration(1)]
    private sealed class RenameEmail : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("throttled_users").To("email_address");

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class IndexEmail : Migration
    {
        public override void Up() => Create.Index("ix_throttled_users_email").OnTable("throttled_users").OnColumn("email");

        public override void Down() { }
    }

    private const string Schema = """
        CREATE TABLE throttled_users (id integer PRIMARY KEY, email varchar(200) NOT NULL);
        INSERT INTO throttled_users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 300) g;
        CREATE TABLE busy (on_fire boolean NOT NULL);
        INSERT INTO busy VALUES (true);
        """;

    [Fact]
    public async Task WhileTheQueryAnswersTrue_TheBackfillWaits_ThenFinishes()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("throttle");
        try
        {
            await ExecuteAsync(cs, Schema);
            var log = new ConcurrentQueue<string>();
            using var throttled = new ThrottledTime();
            var expand = new SafeMigrator(cs, new SafeMigratorOptions
            {
                BatchSize = 100,
                BackfillTargetBatchDuration = null,
                ThrottleQuery = "SELECT on_fire FROM busy",
                ThrottlePollInterval = TimeSpan.FromMilliseconds(100),
                Log = log.Enqueue,
            }).ExpandAsync(MigrationInstances.Collect(new RenameEmail()));

            await WaitUntilAsync(() => log.Any(l => l.Contains("throttled: the throttle query returned true", StringComparison.Ordinal)));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(expand.IsCompleted, "expand went on while throttled");
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM throttled_users WHERE email_address IS NOT NULL"));

            await ExecuteAsync(cs, "UPDATE busy SET on_fire = false");
            await expand.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(300L, await ScalarAsync(cs, "SELECT count(*) FROM throttled_users WHERE email_address = email"));
            Assert.Contains(log, l => l.StartsWith("  throttle released after ", StringComparison.Ordinal) && l.EndsWith(" s (load)", StringComparison.Ordinal));
            // The wait lasted at least the second the test held the flag.
            Assert.Contains(throttled.Waits, w => w.Reason == "load" && w.Seconds >= 1);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task AnIndexBuild_WaitsWhileTheQueryAnswersTrue_AndTheWaitIsReportedAsItBeginsAndEnds()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("throttle_index");
        try
        {
            await ExecuteAsync(cs, Schema);
            var waits = new ConcurrentQueue<RunWait>();
            var log = new ConcurrentQueue<string>();
            var expand = new SafeMigrator(cs, new SafeMigratorOptions
            {
                ThrottleQuery = "SELECT on_fire FROM busy",
                ThrottlePollInterval = TimeSpan.FromMilliseconds(100),
                Waiting = waits.Enqueue,
                Log = log.Enqueue,
            }).ExpandAsync(MigrationInstances.Collect(new IndexEmail()));

            await WaitUntilAsync(() => !waits.IsEmpty);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(expand.IsCompleted, "the index was built while throttled");
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM pg_class WHERE relname = 'ix_throttled_users_email'"));

            await ExecuteAsync(cs, "UPDATE busy SET on_fire = false");
            await expand.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM pg_class WHERE relname = 'ix_throttled_users_email'"));
            Assert.Collection(
                waits,
                begun => Assert.Equal(new RunWait("load", "the throttle query returned true", null), begun),
                ended => Assert.True(ended is { Reason: "load", Waited.TotalSeconds: >= 1 }, ended.ToString()));
            // With the callback set, the waits are not also log lines.
            Assert.DoesNotContain(log, l => l.Contains("throttled:", StringComparison.Ordinal) || l.Contains("throttle released", StringComparison.Ordinal));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Theory]
    [InlineData("SELECT on_fire FROM nowhere", "The throttle query failed: 42P01: relation \"nowhere\" does not exist")]
    [InlineData("SELECT 'busy'", "The throttle query must answer true or false; it answered String 'busy'")]
    public async Task AQueryThatCannotAnswer_IsBadInput_BeforeAnythingChanges(string query, string message)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("throttle_bad");
        try
        {
            await ExecuteAsync(cs, Schema);
            var before = await DatabaseDump.ReadAsync(cs);

            var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
                new SafeMigrator(cs, new SafeMigratorOptions { ThrottleQuery = query }).ExpandAsync(MigrationInstances.Collect(new RenameEmail())));

            Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
            Assert.Equal(before, await DatabaseDump.ReadAsync(cs));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
