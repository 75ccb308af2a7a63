using System.Diagnostics;
using System.Diagnostics.Metrics;
using SafeMigrate.Steps;

namespace SafeMigrate.Execution;

/// <summary>
/// The engine's one meter and activity source, both named <see cref="Name"/> (public as <c>SafeMigrateDiagnostics.Name</c>): a span per step, and the
/// counters and histograms of backfills and lock retries. With no listener attached, each call costs a check of a
/// flag (Counter.Add and ActivitySource.StartActivity return at once), so the runner measures always.
/// </summary>
internal static class SafeMigrateTelemetry
{
    public const string Name = "SafeMigrate";

    private static readonly string? Version = typeof(SafeMigrateTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    public static readonly Counter<long> RowsBackfilled = Meter.CreateCounter<long>(
        "safemigrate.backfill.rows", "{row}", "Rows a backfill batch updated and committed.");

    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "safemigrate.backfill.batch.duration", "s", "How long one committed backfill batch took, its row locks held that long.");

    public static readonly Counter<long> LockRetries = Meter.CreateCounter<long>(
        "safemigrate.lock.retries", "{retry}", "Work tried again after a lock was not granted within the lock timeout (or a backfill batch after a transient failure).");

    public static readonly Histogram<double> LockRetryWait = Meter.CreateHistogram<double>(
        "safemigrate.lock.retry.wait", "s", "The backoff waited before each retry (no lock is held meanwhile).");

    public static readonly Histogram<double> ThrottledDuration = Meter.CreateHistogram<double>(
        "safemigrate.throttled.duration", "s", "How long a backfill waited before a batch, by reason (safemigrate.throttle.reason: load or replica-lag); no lock is held meanwhile.");

    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "safemigrate.step.duration", "s", "How long a step took, done or failed.");

    /// <summary>The span of one step: <c>safemigrate.expand</c> (or contract, rollback), with the migration, the step and what it does.</summary>
    public static Activity? StartStep(long version, string phase, int index, int count, Step step)
    {
        var activity = Source.StartActivity("safemigrate." + phase, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("safemigrate.migration", version);
            activity.SetTag("safemigrate.phase", phase);
            activity.SetTag("safemigrate.step.index", index + 1);
            activity.SetTag("safemigrate.step.count", count);
            activity.SetTag("safemigrate.step.work", step.Work.ToString());
            activity.SetTag("safemigrate.step.description", step.Description);
            if (step.Table is { } table)
            {
                activity.SetTag("db.collection.name", table.ToString());
            }
        }

        return activity;
    }

    public static void RecordStep(string phase, Step step, long startedAt, bool failed) =>
        StepDuration.Record(
            Stopwatch.GetElapsedTime(startedAt).TotalSeconds,
            new KeyValuePair<string, object?>("safemigrate.phase", phase),
            new KeyValuePair<string, object?>("safemigrate.step.work", step.Work.ToString()),
            new KeyValuePair<string, object?>("error", failed));

    public static void RecordBatch(string table, long rows, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("db.collection.name", table);
        RowsBackfilled.Add(rows, tag);
        BatchDuration.Record(duration.TotalSeconds, tag);
    }

    public static void RecordThrottled(TimeSpan waited, string reason) =>
        ThrottledDuration.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("safemigrate.throttle.reason", reason));

    public static void RecordRetry(TimeSpan wait)
    {
        LockRetries.Add(1);
        LockRetryWait.Record(wait.TotalSeconds);
    }
}
