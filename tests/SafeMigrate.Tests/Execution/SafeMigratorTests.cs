using SafeMigrate.Backfill;
using System.Diagnostics;
using FluentMigrator;
using Npgsql;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Operations;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Execution;

[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class SafeMigratorTests
{
    [Migration(1)]
    private sealed class RenameEmail : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("users").To("email_address");

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class IndexRenamedColumnAndAddStatus : Migration
    {
        public override void Up()
        {
            Create.Index("ix_users_email_address_name").OnTable("users").OnColumn("email_address").Ascending().OnColumn("name").Ascending();
            Create.Column("status").OnTable("users").AsString(20).NotNullable().SetExistingRowsTo("active");
        }

        public override void Down() { }
    }

    [Migration(3)]
    private sealed class CreateAuditTable : Migration
    {
        public override void Up()
        {
            Create.Table("audit").WithColumn("id").AsInt64().PrimaryKey().Identity().WithColumn("what").AsString(100).Nullable();
            Rename.Column("what").OnTable("audit").To("action");
            Create.Index("ix_audit_action").OnTable("audit").OnColumn("action");
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class AddNickname : Migration
    {
        public override void Up() => Create.Column("nickname").OnTable("users").AsString(50).Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class DropsAColumnInExpand : Migration
    {
        public override void Up()
        {
            Create.Column("nickname").OnTable("users").AsString(50).Nullable();
            Execute.SqlInExpand("ALTER TABLE users DROP COLUMN age");
        }

        public override void Down() { }
    }

    [Fact]
    public Task ReleaseOfSeveralMigrations_LaterOnesBuildOnEarlierExpands() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new RenameEmail(), new IndexRenamedColumnAndAddStatus(), new CreateAuditTable()),
        new VersionClient("old", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, email_address, status) VALUES (@id, @value, 'new'); INSERT INTO audit (action) VALUES ('insert')", "SELECT email_address FROM users WHERE id = @id"),
        afterContract: async cs => Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM users WHERE status IS NULL")));

    [Fact]
    public async Task SecondConcurrentRun_IsBlocked()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("blocked");
        try
        {
            await ExecuteAsync(cs, Schemas.Users);
            await using var other = new NpgsqlConnection(cs);
            await other.OpenAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresMigrationLock.Key})", other))
            {
                await take.ExecuteScalarAsync();
            }

            var migrations = MigrationInstances.Collect(new AddNickname());
            await Assert.ThrowsAsync<BlockedException>(() => new SafeMigrator(cs, Options).ExpandAsync(migrations));
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"));

            await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresMigrationLock.Key})", other))
            {
                await release.ExecuteScalarAsync();
            }

            await new SafeMigrator(cs, Options).ExpandAsync(migrations);
            Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task LongTransactionHoldingTheTable_MigrationGivesUpPerTryAndAppQueriesAreNotStuck()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("locktimeout");
        try
        {
            await ExecuteAsync(cs, Schemas.Users);
            await using var longTransaction = new NpgsqlConnection(cs);
            await longTransaction.OpenAsync();
            await using (var begin = new NpgsqlCommand("BEGIN; SELECT count(*) FROM users;", longTransaction))
            {
                await begin.ExecuteNonQueryAsync();
            }

            var options = Options with { LockTimeout = TimeSpan.FromMilliseconds(300), MaxLockAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(100) };
            var migrations = MigrationInstances.Collect(new AddNickname());
            // The app's connection is open before the release starts, as a pooled one would be: what is timed is the
            // query's wait for its lock, not a connection handshake on a loaded machine.
            await using var app = new NpgsqlConnection(cs);
            await app.OpenAsync();
            await using var appQuery = new NpgsqlCommand("SET statement_timeout = 5000; SELECT count(*) FROM users", app);
            var clock = Stopwatch.StartNew();
            var expand = new SafeMigrator(cs, options).ExpandAsync(migrations);
            var slowest = TimeSpan.Zero;
            while (!expand.IsCompleted)
            {
                var query = Stopwatch.StartNew();
                await appQuery.ExecuteScalarAsync();
                slowest = query.Elapsed > slowest ? query.Elapsed : slowest;
                await Task.Delay(50);
            }

            await Assert.ThrowsAsync<BlockedException>(() => expand);
            // Three tries of 300 ms plus two pauses of at most 100 and 200 ms.
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(850), TimeSpan.FromSeconds(5));
            // An app query queues behind the waiting ALTER TABLE at most for the lock timeout (300 ms). Without it the
            // ALTER would wait for the long transaction, and the query behind it would fail on its 5 s statement_timeout
            // (ExecuteScalarAsync above would throw). The bound sits between the two, far from the 300 ms a quiet
            // machine shows: 1.03 s was seen once under the version matrix.
            Assert.True(slowest < TimeSpan.FromSeconds(4), $"an app query took {slowest}");

            await using (var commit = new NpgsqlCommand("COMMIT", longTransaction))
            {
                await commit.ExecuteNonQueryAsync();
            }

            await new SafeMigrator(cs, options).ExpandAsync(migrations);
            Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task CancelledMidBackfill_ResumesAndFinishesLikeAnUninterruptedRun()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("resume");
        try
        {
            await ExecuteAsync(cs, Schemas.Users + "INSERT INTO users SELECT g, 'bulk' || g || '@x', 'n', g FROM generate_series(100, 399) g;");
            var migrations = MigrationInstances.Collect(new RenameEmail());
            using var cancel = new CancellationTokenSource();
            var batches = 0;
            var options = Options with
            {
                BatchSize = 20,
                BackfillProgress = new SynchronousProgress(_ =>
                {
                    if (++batches == 3)
                    {
                        cancel.Cancel();
                    }
                }),
            };

            var stopped = await Assert.ThrowsAsync<RunStoppedException>(() => new SafeMigrator(cs, options).ExpandAsync(migrations, cancel.Token));
            var filled = (long)(await ScalarAsync(cs, "SELECT count(*) FROM users WHERE email_address IS NOT NULL"))!;
            Assert.InRange(filled, 1, 306);

            // Where it stopped: in the backfill step of migration 1's expand, after the batches it committed.
            Assert.Equal((1L, "expand", true), (stopped.Version, stopped.Phase, stopped.StepStarted));
            Assert.Contains("in batches", stopped.StepDescription);
            Assert.InRange(stopped.RowsDone ?? 0, filled, 306);
            Assert.StartsWith($"Stopped on request in migration 1, expand step {stopped.StepNumber}/{stopped.StepCount} (", stopped.Message);
            Assert.Equal(MigrationPhase.Expanding, (await new SafeMigrator(cs, Options).StatusAsync(migrations))[1]);

            // Resumed, not restarted: the first report of the second run counts the rows the first run walked. (Counting
            // batches instead depends on how fast the machine is: batch sizes adapt to the time a batch takes.)
            var reports = new List<BackfillProgress>();
            await new SafeMigrator(cs, Options with { BatchSize = 20, BackfillProgress = new SynchronousProgress(reports.Add) }).ExpandAsync(migrations);
            Assert.True(reports[0].RowsDone > filled, $"The resumed backfill started over: its first report had {reports[0].RowsDone} row(s) done, {filled} were filled before.");
            Assert.Equal(307, reports[^1].RowsDone);
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM users WHERE email_address IS DISTINCT FROM email"));
            Assert.Equal(307L, await ScalarAsync(cs, "SELECT count(*) FROM users"));
            Assert.Equal(MigrationPhase.Expanded, (await new SafeMigrator(cs, Options).StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task ExpandThatBreaksTheOldVersion_IsRolledBackAndRefused()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("selfcheck");
        try
        {
            await ExecuteAsync(cs, Schemas.Users);
            var migrations = MigrationInstances.Collect(new DropsAColumnInExpand());
            var refused = await Assert.ThrowsAsync<RefusedException>(() => new SafeMigrator(cs, Options).ExpandAsync(migrations));
            Assert.Contains("\"users\".\"age\" was removed", refused.Message, StringComparison.Ordinal);
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"));
            Assert.Equal(MigrationPhase.Pending, (await new SafeMigrator(cs, Options).StatusAsync(migrations))[1]);
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM \"VersionInfo\""));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task ContractBeforeExpand_IsRefused()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("order");
        try
        {
            await ExecuteAsync(cs, Schemas.Users);
            await Assert.ThrowsAsync<RefusedException>(() => new SafeMigrator(cs, Options).ContractAsync(MigrationInstances.Collect(new AddNickname())));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    private sealed class SynchronousProgress(Action<SafeMigrate.Backfill.BackfillProgress> report) : IProgress<SafeMigrate.Backfill.BackfillProgress>
    {
        public void Report(SafeMigrate.Backfill.BackfillProgress value) => report(value);
    }
}
