using System.Collections.Concurrent;
using FluentMigrator;
using Npgsql;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Backfill;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// <c>pause</c> and <c>resume</c> from another connection (as from another shell or machine): a paused release stops at
/// its next batch or step boundary, holds no lock on the table while paused, and goes on where it stopped; a run stopped
/// while paused exits as any stopped run does and resumes to the same end state.
/// </summary>
public sealed class PauseTests
{
    private const int Rows = 3_000;

    [Migration(1)]
    private sealed class RenameEmail : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("paused_users").To("email_address");

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class AddNote : Migration
    {
        public override void Up() => Create.Column("note").OnTable("paused_users").AsString(20).Nullable();

        public override void Down() { }
    }

    private static SafeMigratorOptions OptionsFor(ConcurrentQueue<string> log, IProgress<SafeMigrate.Backfill.BackfillProgress>? progress = null) => new()
    {
        // Small, spaced batches: the backfill lasts long enough to be paused midway.
        BatchSize = 50,
        BackfillTargetBatchDuration = null,
        DelayBetweenBatches = TimeSpan.FromMilliseconds(10),
        ThrottlePollInterval = TimeSpan.FromMilliseconds(100),
        MaxReplicaLag = TimeSpan.Zero,
        Log = log.Enqueue,
        BackfillProgress = progress,
    };

    [Fact]
    public async Task PausedMidBackfill_StopsAtABatchBoundary_HoldsNoLock_ResumesWhereItStopped()
    {
        var cs = await CreateAsync("pause_backfill");
        var log = new ConcurrentQueue<string>();
        var batches = new ConcurrentQueue<long>();
        var thirdBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SynchronousProgress(p =>
        {
            batches.Enqueue(p.RowsDone);
            if (batches.Count == 3)
            {
                thirdBatch.TrySetResult();
            }
        });
        var expand = new SafeMigrator(cs, OptionsFor(log, progress)).ExpandAsync(MigrationInstances.Collect(new RenameEmail()));

        await thirdBatch.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await new SafeMigrator(cs).PauseAsync("busy hour");
        await WaitUntilAsync(() => log.Any(l => l.StartsWith("  throttled: paused by ", StringComparison.Ordinal)) || expand.IsCompleted);
        Assert.False(expand.IsCompleted, "the expand finished without pausing: " + string.Join(" | ", log));
        Assert.Contains(log, l => l.Contains("(busy hour); `dotnet safe-migrate resume` continues; the backfill waits (no lock held)", StringComparison.Ordinal));

        var held = batches.Count;
        // Ten polls: no batch commits while paused, and the table takes an ACCESS EXCLUSIVE lock at once (nothing holds one on it).
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(held, batches.Count);
        Assert.Equal(batches.Last(), await ScalarAsync(cs, "SELECT count(*) FROM paused_users WHERE email_address IS NOT NULL"));
        await ExecuteAsync(cs, "BEGIN; SET LOCAL lock_timeout = '1ms'; LOCK TABLE paused_users IN ACCESS EXCLUSIVE MODE; ROLLBACK;");
        var status = await new SafeMigrator(cs).ReadStatusAsync(null);
        Assert.Equal("busy hour", status.Pause?.Reason);

        Assert.True(await new SafeMigrator(cs).ResumeAsync());
        await expand.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Contains(log, l => l.StartsWith("  throttle released after ", StringComparison.Ordinal) && l.EndsWith("(paused)", StringComparison.Ordinal));
        Assert.Equal((long)Rows, batches.Last());
        Assert.Equal((long)Rows, await ScalarAsync(cs, "SELECT count(*) FROM paused_users WHERE email_address = email"));
        Assert.Null((await new SafeMigrator(cs).ReadStatusAsync(null)).Pause);
        Assert.False(await new SafeMigrator(cs).ResumeAsync());
    }

    [Fact]
    public async Task PausedBeforeTheRun_ItWaitsBeforeItsFirstStep_AStopWhilePausedResumesToTheSameEnd()
    {
        var cs = await CreateAsync("pause_steps");
        var migrations = MigrationInstances.Collect(new AddNote());
        await new SafeMigrator(cs).PauseAsync();
        var log = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        var expand = new SafeMigrator(cs, OptionsFor(log)).ExpandAsync(migrations, stop.Token);
        await WaitUntilAsync(() => log.Any(l => l.StartsWith("  throttled: paused by ", StringComparison.Ordinal)) || expand.IsCompleted);
        Assert.False(expand.IsCompleted, "the expand ran while paused: " + string.Join(" | ", log));
        Assert.Contains(log, l => l.EndsWith("; the run waits (no lock held)", StringComparison.Ordinal));
        Assert.Null(await ScalarAsync(cs, "SELECT 1 FROM information_schema.columns WHERE table_name = 'paused_users' AND column_name = 'note'"));

        await stop.CancelAsync();
        await Assert.ThrowsAsync<RunStoppedException>(() => expand);

        Assert.True(await new SafeMigrator(cs).ResumeAsync());
        var migrator = new SafeMigrator(cs, OptionsFor(log));
        await migrator.ExpandAsync(migrations);
        await migrator.ContractAsync(migrations);
        Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'paused_users' AND column_name = 'note'"));
        Assert.Equal(MigrationPhase.Contracted, (await migrator.StatusAsync(migrations))[2]);
    }

    private static async Task<string> CreateAsync(string hint)
    {
        var cs = await TestPostgres.CreateDatabaseAsync(hint);
        await ExecuteAsync(cs, $"""
            CREATE TABLE paused_users (id integer PRIMARY KEY, email varchar(200) NOT NULL);
            INSERT INTO paused_users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, {Rows}) g;
            """);
        return cs;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
