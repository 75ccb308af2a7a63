using System.Diagnostics;
using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Testing;
using Xunit;
using Xunit.Abstractions;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Backfill;

/// <summary>
/// Batches sized by time on a real server. Slowness is made deterministic with a row trigger that sleeps for the rows
/// the table marks as slow: a batch of n slow rows takes at least n times the sleep, whatever the machine's load, so the
/// bounds below hold on a busy machine too (only the growth when fast assumes a plain update of 200 rows takes under
/// 50 ms).
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public class BackfillAdaptiveTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const string SetClause = "\"new_value\" = \"old_value\", \"touched\" = \"touched\" + 1";
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(100);
    private static int _step = 100;

    [Fact]
    public async Task SlowRows_BatchesShrink_ThenGrowBackWhenFast()
    {
        // Rows 1001..2000 cost 2 ms each (50 of them fill the 100 ms target); the others cost next to nothing.
        await CreateTableAsync("shrink", rows: 3000, slowUpTo: 2000, sleepMs: 2, slowFrom: 1000);
        var progress = new SynchronousProgress(_ => { });

        var result = await RunAsync("shrink", maxBatch: 200, Target, progress);

        var batches = Batches(progress);
        output.WriteLine("batch sizes: " + string.Join(" ", batches.Select(b => b.Size)));
        Assert.Equal(3000L, result.RowsUpdated);
        Assert.Equal(batches.Count, result.Batches);
        Assert.Equal(BatchSizer.InitialSize, batches[0].Size);
        Assert.All(batches, b => Assert.True(b.Size <= 200, $"batch ending at {b.Last}: {b.Size} rows"));
        // Fast rows: up to the configured maximum.
        Assert.Contains(batches, b => b.Last <= 1000 && b.Size == 200);
        // Slow rows: a batch that took over 100 ms is cut to the size that would have taken 50 ms; a batch is grown
        // only after taking at most 50 ms (at most 25 slow rows, so to at most 38) and kept only up to 100 ms (50 slow
        // rows). So the 200-row batches shrink, and after the first batch of only slow rows none has more than 50.
        var slow = batches.Where(b => b.First > 1000 && b.Last <= 2000).ToList();
        Assert.True(slow.Count > 10, $"{slow.Count} batches of slow rows");
        Assert.All(slow.Skip(1), b => Assert.True(b.Size <= 50, $"batch ending at {b.Last}: {b.Size} rows"));
        // Fast rows again: back to the maximum.
        Assert.Contains(batches, b => b.First > 2000 && b.Size == 200);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM shrink WHERE touched <> 1 OR new_value IS DISTINCT FROM old_value"));
    }

    [Fact]
    public async Task Adaptive_SameRowsAsFixedBatches()
    {
        await CreateTableAsync("same_fixed", rows: 1200, slowUpTo: 300, sleepMs: 2);
        await CreateTableAsync("same_adaptive", rows: 1200, slowUpTo: 300, sleepMs: 2);
        const string alreadyRight = "UPDATE {0} SET new_value = old_value WHERE id % 7 = 0";
        await database.ExecuteAsync(string.Format(alreadyRight, "same_fixed"));
        await database.ExecuteAsync(string.Format(alreadyRight, "same_adaptive"));
        const string predicate = "\"new_value\" IS DISTINCT FROM \"old_value\"";

        var fixedResult = await RunAsync("same_fixed", maxBatch: 500, null, predicate: predicate);
        var adaptiveResult = await RunAsync("same_adaptive", maxBatch: 500, Target, predicate: predicate);

        Assert.Equal(1200 - 1200 / 7, fixedResult.RowsUpdated);
        Assert.Equal(fixedResult.RowsUpdated, adaptiveResult.RowsUpdated);
        Assert.Equal(3, fixedResult.Batches);
        Assert.True(adaptiveResult.Batches > fixedResult.Batches, $"{adaptiveResult.Batches} adaptive batches");
        Assert.Equal(0L, await database.ScalarAsync("""
            SELECT count(*) FROM same_fixed f FULL JOIN same_adaptive a USING (id)
            WHERE (f.old_value, f.new_value, f.touched) IS DISTINCT FROM (a.old_value, a.new_value, a.touched)
            """));
    }

    [Fact]
    public async Task CancelledAfterSizeChanges_ResumesToTheSameResult()
    {
        // Fast rows first (the sizes grow before the cancellation), slow ones after it (they shrink after the resume).
        await CreateTableAsync("resume_adaptive", rows: 1000, slowUpTo: 1000, sleepMs: 2, slowFrom: 300);
        var step = Interlocked.Increment(ref _step);
        using var cancellation = new CancellationTokenSource();
        var reports = 0;
        var progress = new SynchronousProgress(_ =>
        {
            // Stopped after the fourth batch: 10, 15, 23, 35 fast rows when nothing slows the machine down.
            if (++reports == 4)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync("resume_adaptive", 300, Target, progress, step: step, ct: cancellation.Token));

        var firstRun = Batches(progress);
        Assert.Equal(4, firstRun.Count);
        Assert.True(firstRun.Select(b => b.Size).Distinct().Count() > 1, "sizes: " + string.Join(" ", firstRun.Select(b => b.Size)));
        var doneBefore = firstRun[^1].Last;
        Assert.Equal((long)doneBefore, await database.ScalarAsync("SELECT count(*) FROM resume_adaptive WHERE touched = 1"));

        var resumedProgress = new SynchronousProgress(_ => { });
        var result = await RunAsync("resume_adaptive", 300, Target, resumedProgress, step: step);

        var resumed = Batches(resumedProgress, doneBefore);
        Assert.Equal(1000L, result.RowsUpdated);
        Assert.Equal(firstRun.Count + resumed.Count, result.Batches);
        // The resumed run starts small again, and 50 slow rows fill the target.
        Assert.Equal(BatchSizer.InitialSize, resumed[0].Size);
        Assert.All(resumed.Where(b => b.First > 300).Skip(1), b => Assert.True(b.Size <= 50, $"batch ending at {b.Last}: {b.Size} rows"));
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM resume_adaptive WHERE touched <> 1 OR new_value IS DISTINCT FROM old_value"));
    }

    [Fact]
    public async Task CheckpointOfFixedSizeEngine_Resumes()
    {
        // A checkpoint exactly as the fixed-size engine wrote it after 7 batches of 100 rows.
        await CreateTableAsync("old_checkpoint", rows: 1000, slowUpTo: 0, sleepMs: 0);
        await database.ExecuteAsync("UPDATE old_checkpoint SET new_value = old_value, touched = 1 WHERE id <= 700");
        var step = Interlocked.Increment(ref _step);
        var store = PostgresBackfill.Checkpoints(7, "expand", step);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await store.SaveAsync(
                connection,
                transaction,
                """{"format":1,"key":["id"],"max":["1000"],"last":["700"],"rowsDone":700,"rowsUpdated":700,"batches":7,"done":false}""",
                CancellationToken.None);
            await transaction.CommitAsync();
        }

        var result = await RunAsync("old_checkpoint", 100, Target, step: step);

        Assert.Equal(1000L, result.RowsUpdated);
        Assert.True(result.Resumed);
        // The 7 batches of the earlier run count; at most 100 rows a batch for the remaining 300.
        Assert.True(result.Batches >= 10, $"{result.Batches} batches");
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM old_checkpoint WHERE touched <> 1 OR new_value IS DISTINCT FROM old_value"));
    }

    /// <summary>
    /// An application UPDATE of a row the backfill is about to reach waits for the batch that locks it to commit, so
    /// how long it can wait follows from how many slow rows one batch holds. With rows at 3 ms each, every adaptive batch
    /// after the first holds at most 50 (a batch of n rows takes at least 3n ms, whatever the machine's load, and one over
    /// the 100 ms target is cut); the fixed run holds 1,000. Every application write lands, and none is overwritten by
    /// the backfill. The waits themselves are printed, not asserted: the backfill benchmark measures them side by side
    /// (docs/benchmarks.md, "Application writes during a slow backfill").
    /// </summary>
    [Fact]
    public async Task AppUpdatesDuringSlowBackfill_AllLand_AndAdaptiveBatchesHoldFewSlowRows()
    {
        await CreateTableAsync("wait_fixed", rows: 2000, slowUpTo: 2000, sleepMs: 3);
        await CreateTableAsync("wait_adaptive", rows: 2000, slowUpTo: 2000, sleepMs: 3);

        var fixedRun = await RunWithAppWritesAsync("wait_fixed", null);
        var adaptiveRun = await RunWithAppWritesAsync("wait_adaptive", Target);
        output.WriteLine($"longest application UPDATE: fixed {fixedRun.LongestWait.TotalMilliseconds:0} ms, adaptive {adaptiveRun.LongestWait.TotalMilliseconds:0} ms");
        output.WriteLine("adaptive batch sizes: " + string.Join(" ", adaptiveRun.Batches.Select(b => b.Size)));

        Assert.Equal([1000, 1000], fixedRun.Batches.Select(b => b.Size));
        Assert.True(adaptiveRun.Batches.Count > 40, $"{adaptiveRun.Batches.Count} adaptive batches");
        Assert.All(adaptiveRun.Batches.Skip(1), b => Assert.True(b.Size <= 50, $"batch ending at {b.Last}: {b.Size} rows"));
    }

    private async Task<(TimeSpan LongestWait, List<(long First, long Last, int Size)> Batches)> RunWithAppWritesAsync(string table, TimeSpan? target)
    {
        var lastDone = 0L;
        var progress = new SynchronousProgress(p => Interlocked.Exchange(ref lastDone, p.RowsDone));
        using var stop = new CancellationTokenSource();
        await using var app = new NpgsqlConnection(database.ConnectionString);
        await app.OpenAsync();
        await using var update = new NpgsqlCommand($"UPDATE {table} SET app_writes = app_writes + 1 WHERE id = $1", app);
        update.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await update.PrepareAsync();

        var longest = TimeSpan.Zero;
        var writes = 0L;
        var appLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // A few rows past the last committed batch: inside the batch running now, locked or about to be.
                update.Parameters[0].Value = (int)Math.Min(2000, Interlocked.Read(ref lastDone) + 5);
                var clock = Stopwatch.StartNew();
                writes += await update.ExecuteNonQueryAsync();
                var waited = clock.Elapsed;
                if (waited > longest)
                {
                    longest = waited;
                }
            }
        });

        var result = await RunAsync(table, 1000, target, progress);
        await stop.CancelAsync();
        await appLoop;

        Assert.Equal(2000L, result.RowsUpdated);
        Assert.True(writes > 10, $"{writes} application writes");
        Assert.Equal(writes, await database.ScalarAsync($"SELECT sum(app_writes) FROM {table}"));
        Assert.Equal(0L, await database.ScalarAsync($"SELECT count(*) FROM {table} WHERE touched <> 1 OR new_value IS DISTINCT FROM old_value"));
        return (longest, Batches(progress));
    }

    private static List<(long First, long Last, int Size)> Batches(SynchronousProgress progress, long start = 0)
    {
        var batches = new List<(long, long, int)>();
        var previous = start;
        foreach (var report in progress.Reports)
        {
            batches.Add((previous + 1, report.RowsDone, (int)(report.RowsDone - previous)));
            previous = report.RowsDone;
        }

        return batches;
    }

    /// <summary>Rows with an id above <paramref name="slowFrom"/> and up to <paramref name="slowUpTo"/> make any UPDATE of them sleep <paramref name="sleepMs"/> ms.</summary>
    private Task CreateTableAsync(string table, int rows, int slowUpTo, int sleepMs, int slowFrom = 0) => database.ExecuteAsync($"""
        CREATE TABLE {table} (id int PRIMARY KEY, old_value text NOT NULL, new_value text, touched int NOT NULL DEFAULT 0, app_writes int NOT NULL DEFAULT 0);
        INSERT INTO {table} (id, old_value) SELECT g, 'value ' || g FROM generate_series(1, {rows}) AS g;
        CREATE FUNCTION {table}_slow() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.id > {slowFrom} AND NEW.id <= {slowUpTo} THEN PERFORM pg_sleep({sleepMs} / 1000.0); END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER {table}_slow BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_slow();
        """);

    private Task<BackfillResult> RunAsync(
        string table,
        int maxBatch,
        TimeSpan? target,
        IProgress<BackfillProgress>? progress = null,
        string? predicate = null,
        int? step = null,
        CancellationToken ct = default) =>
        PostgresBackfill.RunAsync(
            database.ConnectionString,
            new BackfillRequest("public", table, SetClause, predicate, maxBatch, TimeSpan.Zero) { TargetBatchDuration = target },
            PostgresBackfill.Checkpoints(7, "expand", step ?? Interlocked.Increment(ref _step)),
            progress,
            ct);
}
