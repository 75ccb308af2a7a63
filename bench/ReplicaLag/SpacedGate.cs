using System.Data.Common;
using System.Diagnostics;
using SafeMigrate.Execution;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>
/// Not the product's behaviour: a sketch of a cheaper one, measured next to it. The wrapped gate is asked at most once
/// per <paramref name="interval"/> while it says go (the backfill's batches of about 14 ms would otherwise ask it about
/// 70 times a second); once it says wait it is asked at every poll, as now. A lagging replica is then seen up to one
/// interval later.
/// </summary>
internal sealed class SpacedGate(IBackfillGate inner, TimeSpan interval) : IBackfillGate
{
    private long _lastGo = long.MinValue;

    public string Reason => inner.Reason;

    public Task ValidateAsync(DbConnection connection, CancellationToken ct) => inner.ValidateAsync(connection, ct);

    public async Task<string?> WhyWaitAsync(DbConnection connection, CancellationToken ct)
    {
        if (_lastGo != long.MinValue && Stopwatch.GetElapsedTime(_lastGo) < interval)
        {
            return null;
        }

        var why = await inner.WhyWaitAsync(connection, ct).ConfigureAwait(false);
        _lastGo = why is null ? Stopwatch.GetTimestamp() : long.MinValue;
        return why;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
