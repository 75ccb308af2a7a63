using System.Collections.Concurrent;
using System.Diagnostics;
using FluentMigrator;
using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Steps;

namespace SafeMigrate.Bench.ReplicaLag;

/// <param name="Seconds">Since the backfill step started.</param>
/// <param name="LagSeconds">How long ago the primary was at the position the standby has replayed (the throttle's measure).</param>
/// <param name="ReplayTimestampLagSeconds">now() − pg_last_xact_replay_timestamp() on the standby: the age of the last
/// replayed commit (grows also when the primary commits nothing, so it is a cross-check only).</param>
/// <param name="UnreplayedBytes">WAL the primary has written and the standby has not replayed yet.</param>
internal sealed record LagSample(double Seconds, long RowsDone, double LagSeconds, double? ReplayTimestampLagSeconds, decimal UnreplayedBytes);

/// <summary>One expand under a paused standby: its time series and what the table reports.</summary>
/// <param name="MaxReplicaLag">The limit the run had (zero: off).</param>
/// <param name="BackfillSeconds">From the backfill step's start to its last batch.</param>
/// <param name="ThrottledSeconds">The product's <c>safemigrate.throttled.duration</c>, summed.</param>
/// <param name="Throttled">Throttled intervals (from the run's log lines), in seconds since the backfill started.</param>
/// <param name="PauseFrom">When replay was paused on the standby, seconds since the backfill started.</param>
internal sealed record LagRunResult(
    TimeSpan MaxReplicaLag,
    long Rows,
    double BackfillSeconds,
    double ThrottledSeconds,
    IReadOnlyList<(double From, double To)> Throttled,
    double PauseFrom,
    double PauseTo,
    IReadOnlyList<LagSample> Samples)
{
    public bool IsThrottled => MaxReplicaLag > TimeSpan.Zero;

    public string Label => IsThrottled ? $"throttled (limit {MaxReplicaLag.TotalSeconds:0} s)" : "unthrottled (--max-replica-lag 0)";

    public double MaxLagSeconds => Samples.Max(s => s.LagSeconds);

    public double MaxUnreplayedMegabytes => (double)Samples.Max(s => s.UnreplayedBytes) / (1024 * 1024);

    /// <summary>Seconds from the resume of replay to the first sample whose lag is under <paramref name="lag"/>.</summary>
    public double BackUnderAfterResume(TimeSpan lag) =>
        (Samples.FirstOrDefault(s => s.Seconds > PauseTo && s.LagSeconds < lag.TotalSeconds)?.Seconds ?? double.NaN) - PauseTo;

    public double RowsPerSecondNotThrottled => Rows / (BackfillSeconds - ThrottledSeconds);
}

/// <summary>
/// A column rename's expand on a table of the given size, run by <see cref="SafeMigrator"/> as <c>expand</c> runs it (its
/// gates included), while the standby's replay is paused for a while; a side task samples rows done and the standby's
/// lag every <see cref="SampleInterval"/> until the standby has caught up again.
/// </summary>
internal sealed class LagRun(StreamingStandby pair)
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    private const string Table = "bench_lag";

    [Migration(1)]
    private sealed class RenameOldCol : Migration
    {
        public override void Up() => Rename.Column("old_col").OnTable(Table).To("new_col");

        public override void Down() { }
    }

    public async Task<LagRunResult> RunAsync(string database, int rows, TimeSpan maxReplicaLag, TimeSpan pauseAfter, TimeSpan pauseFor)
    {
        await pair.Primary.CreateDatabaseAsync(database);
        var connectionString = pair.Primary.ConnectionStringFor(database);
        await BenchTable.PrepareAsync(connectionString, Table, rows, withNewColumn: false, pair);

        var backfillStarted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long rowsDone = 0;
        long lastBatchAt = 0;
        var log = new ConcurrentQueue<(long At, string Line)>();
        var options = new SafeMigratorOptions
        {
            MaxReplicaLag = maxReplicaLag,
            Log = line => log.Enqueue((Stopwatch.GetTimestamp(), line)),
            StepStarted = start =>
            {
                if (start.Step is BackfillStep)
                {
                    backfillStarted.TrySetResult(Stopwatch.GetTimestamp());
                }
            },
            BackfillProgress = new Progress(p =>
            {
                Volatile.Write(ref rowsDone, p.RowsDone);
                Volatile.Write(ref lastBatchAt, Stopwatch.GetTimestamp());
            }),
        };

        using var throttled = new ThrottledTime();
        using var stop = new CancellationTokenSource();
        var expandDone = 0;
        var resumed = 0;
        var samples = new List<LagSample>();
        var sampler = Task.Run(() => SampleAsync(connectionString, backfillStarted.Task, () => Volatile.Read(ref rowsDone), () => Volatile.Read(ref expandDone) == 1 && Volatile.Read(ref resumed) == 1, samples));
        var pause = Task.Run(async () =>
        {
            var t0 = await backfillStarted.Task;
            await Task.Delay(pauseAfter - Stopwatch.GetElapsedTime(t0) is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            await pair.OnStandbyAsync("SELECT pg_wal_replay_pause()");
            var pausedAt = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(pauseFor);
            }
            finally
            {
                await pair.OnStandbyAsync("SELECT pg_wal_replay_resume()");
                Volatile.Write(ref resumed, 1);
            }

            return (pausedAt, Stopwatch.GetTimestamp());
        });

        try
        {
            await new SafeMigrator(connectionString, options).ExpandAsync(MigrationInstances.Collect(new RenameOldCol()));
        }
        finally
        {
            Volatile.Write(ref expandDone, 1);
        }

        var (pausedAt, resumedAt) = await pause;
        await sampler;
        var t0 = await backfillStarted.Task;
        double Since(long at) => (at - t0) / (double)Stopwatch.Frequency;

        var done = await BenchTable.CountAsync(connectionString, $"SELECT count(*) FROM {Table} WHERE new_col = old_col");
        if (done != rows || Volatile.Read(ref rowsDone) != rows)
        {
            throw new InvalidOperationException($"Expected {rows} rows backfilled; the table has {done}, the progress said {rowsDone}.");
        }

        return new LagRunResult(
            maxReplicaLag, rows, Since(lastBatchAt), throttled.TotalSeconds, ThrottledIntervals(log, Since),
            Since(pausedAt), Since(resumedAt), samples);
    }

    /// <summary>Pairs each "throttled:" line of the run's log with the "throttle released" line after it.</summary>
    private static List<(double From, double To)> ThrottledIntervals(IEnumerable<(long At, string Line)> log, Func<long, double> since)
    {
        var intervals = new List<(double, double)>();
        double? from = null;
        foreach (var (at, line) in log)
        {
            if (line.StartsWith("  throttled: ", StringComparison.Ordinal))
            {
                from = since(at);
            }
            else if (line.StartsWith("  throttle released", StringComparison.Ordinal) && from is { } start)
            {
                intervals.Add((start, since(at)));
                from = null;
            }
        }

        return intervals;
    }

    /// <summary>
    /// Every <see cref="SampleInterval"/>: the primary's WAL position, then the standby's replayed position, dated as the
    /// throttle dates them (<see cref="PrimaryPositionHistory"/>), from the backfill's start until the run is over and
    /// the standby has replayed everything the primary wrote.
    /// </summary>
    private async Task SampleAsync(string connectionString, Task<long> backfillStarted, Func<long> rowsDone, Func<bool> runOver, List<LagSample> samples)
    {
        await using var primary = new NpgsqlConnection(connectionString);
        await primary.OpenAsync();
        var history = new PrimaryPositionHistory();
        var t0 = await backfillStarted;
        await using var replica = new NpgsqlConnection(StandbyOf(connectionString));
        await replica.OpenAsync();
        await using var readPrimary = new NpgsqlCommand("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn", primary);
        await using var readStandby = new NpgsqlCommand(
            "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn, extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8", replica);
        var caughtUpSince = (long?)null;
        var tick = 0;
        var deadline = t0 + (long)(Stopwatch.Frequency * 300.0);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var position = (decimal)(await readPrimary.ExecuteScalarAsync())!;
            history.Record(position, Stopwatch.GetTimestamp());
            decimal replayed;
            double? stamp;
            await using (var reader = await readStandby.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                replayed = reader.GetDecimal(0);
                stamp = reader.IsDBNull(1) ? null : reader.GetDouble(1);
            }

            var now = Stopwatch.GetTimestamp();
            var lag = history.LagOf(replayed, now);
            history.DropReplayed(replayed);
            samples.Add(new LagSample((now - t0) / (double)Stopwatch.Frequency, rowsDone(), lag.TotalSeconds, stamp, Math.Max(0, position - replayed)));

            if (runOver() && replayed >= position)
            {
                caughtUpSince ??= now;
                if (Stopwatch.GetElapsedTime(caughtUpSince.Value) > TimeSpan.FromSeconds(1))
                {
                    return;
                }
            }

            tick++;
            var next = t0 + (long)(tick * SampleInterval.TotalSeconds * Stopwatch.Frequency);
            var wait = TimeSpan.FromSeconds((next - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }
    }

    private string StandbyOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Port = pair.StandbyPort, Pooling = false }.ConnectionString;

    /// <summary>Reports on the backfill's own thread (System.Progress would post to the thread pool and reorder).</summary>
    private sealed class Progress(Action<BackfillProgress> report) : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value) => report(value);
    }
}
