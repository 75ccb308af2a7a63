using System.Data.Common;
using System.Diagnostics;

namespace SafeMigrate.Execution;

/// <summary>
/// The gates a run asks before each backfill batch and each long step (an index build, a validation, a rewrite in one
/// statement): the pause of <c>dotnet safe-migrate pause</c> first, then the throttles
/// (<see cref="SafeMigratorOptions.ThrottleQuery"/>, <see cref="SafeMigratorOptions.MaxReplicaLag"/>); before any other
/// step, the pause alone. While one says wait, the run sleeps <see cref="SafeMigratorOptions.ThrottlePollInterval"/> and
/// asks again. The wait is between batches or steps, with no transaction open, so nothing is locked meanwhile. Each wait
/// is reported (<see cref="RunMonitor"/>: the log or <see cref="SafeMigratorOptions.Waiting"/>, and the live row of
/// <c>status</c>) when it starts, with why, and when it ends, with how long it lasted, and recorded as
/// <c>safemigrate.throttled.duration</c> with its reason.
/// </summary>
/// <param name="betweenBatches">How seldom the gates are asked between batches while they say go; null: <see cref="BetweenBatchesInterval"/>.</param>
internal sealed class BackfillGates(
    PauseGate pause, IReadOnlyList<IBackfillGate> throttles, TimeSpan pollInterval, RunMonitor monitor, TimeSpan? betweenBatches = null) : IAsyncDisposable
{
    /// <summary>
    /// Between batches the gates are asked at most this often while they say go: a backfill's batches last about 14 ms
    /// on a fast table, and asking the replica-lag query (about 1 ms, mostly planning the pg_stat_replication view) before
    /// each one slowed a 1M-row backfill by 12-18 % (docs/benchmarks.md). A lagging replica or a pause is then seen up to
    /// this much later; once a gate says wait, it is asked at every poll.
    /// </summary>
    public static readonly TimeSpan BetweenBatchesInterval = TimeSpan.FromMilliseconds(250);

    private const string BeforeBatch = "the backfill";
    private const string BeforeStep = "the run";

    private long _allWentAt = long.MinValue;

    /// <summary>The gates <paramref name="options"/> ask for on this provider.</summary>
    public static BackfillGates From(SafeMigratorOptions options, IProviderSession provider, RunMonitor monitor, TimeSpan? betweenBatches = null)
    {
        var throttles = new List<IBackfillGate>();
        if (options.ThrottleQuery is { } query)
        {
            throttles.Add(new LoadThrottle(query));
        }

        if (options.MaxReplicaLag > TimeSpan.Zero)
        {
            throttles.Add(new ReplicaLagThrottle(provider.CreateReplicaPositions(options), options.MaxReplicaLag, options.Log));
        }

        return new BackfillGates(new PauseGate(provider.StateSql.Pauses), throttles, options.ThrottlePollInterval, monitor, betweenBatches);
    }

    private IEnumerable<IBackfillGate> All => throttles.Prepend(pause);

    /// <exception cref="Errors.InvalidInputException">A gate cannot be asked (a failing query, a bad replica connection).</exception>
    public async Task ValidateAsync(DbConnection connection, CancellationToken ct)
    {
        foreach (var gate in All)
        {
            await gate.ValidateAsync(connection, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Between two backfill batches: saves the live progress when due, then, unless every gate said go less than
    /// <see cref="BetweenBatchesInterval"/> ago, returns once every gate says go in the same round (a gate may close again
    /// while another one is waited on).
    /// </summary>
    public async Task WaitAsync(DbConnection connection, CancellationToken ct)
    {
        await monitor.SaveIfDueAsync(ct).ConfigureAwait(false);
        if (_allWentAt != long.MinValue && Stopwatch.GetElapsedTime(_allWentAt) < (betweenBatches ?? BetweenBatchesInterval))
        {
            return;
        }

        await WaitOnAllAsync(connection, BeforeBatch, ct).ConfigureAwait(false);
        _allWentAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Before a long step (an index build, a validation, a rewrite): every gate, as before a batch.</summary>
    public Task WaitBeforeLongStepAsync(DbConnection connection, CancellationToken ct) => WaitOnAllAsync(connection, BeforeStep, ct);

    /// <summary>Before any other step: returns once no pause stands.</summary>
    public async Task WaitWhilePausedAsync(DbConnection connection, CancellationToken ct) =>
        _ = await WaitOnAsync(pause, connection, BeforeStep, ct).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in All)
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WaitOnAllAsync(DbConnection connection, string waiter, CancellationToken ct)
    {
        var waited = true;
        while (waited)
        {
            waited = false;
            foreach (var gate in All)
            {
                waited |= await WaitOnAsync(gate, connection, waiter, ct).ConfigureAwait(false);
            }

            waited &= throttles.Count > 0;
        }
    }

    private async Task<bool> WaitOnAsync(IBackfillGate gate, DbConnection connection, string waiter, CancellationToken ct)
    {
        var why = await gate.WhyWaitAsync(connection, ct).ConfigureAwait(false);
        if (why is null)
        {
            return false;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await monitor.WaitStartedAsync(gate.Reason, why, waiter, ct).ConfigureAwait(false);
            do
            {
                await Task.Delay(pollInterval, ct).ConfigureAwait(false);
            }
            while (await gate.WhyWaitAsync(connection, ct).ConfigureAwait(false) is not null);
        }
        finally
        {
            // A wait cut short by cancellation is still time the run spent throttled.
            SafeMigrateTelemetry.RecordThrottled(Stopwatch.GetElapsedTime(started), gate.Reason);
        }

        await monitor.WaitEndedAsync(gate.Reason, why, Stopwatch.GetElapsedTime(started), waiter, ct).ConfigureAwait(false);
        return true;
    }
}
