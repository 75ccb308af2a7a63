using System.Data.Common;
using System.Diagnostics;
using System.Globalization;

namespace SafeMigrate.Execution;

/// <summary>
/// The replica-lag throttle (<see cref="SafeMigratorOptions.MaxReplicaLag"/>): before each backfill batch it samples
/// the primary's log position and each replica's replayed position, and says wait while any replica is further behind
/// than the limit. The lag is measured in time by <see cref="PrimaryPositionHistory"/>, so a replica whose replay is
/// paused or stuck lags more and more while the backfill waits, and the backfill goes on once it has caught up.
/// </summary>
internal sealed class ReplicaLagThrottle(IReplicaPositions replicas, TimeSpan maxLag, Action<string>? log = null) : IBackfillGate
{
    private readonly PrimaryPositionHistory _history = new();

    public string Reason => "replica-lag";

    public Task ValidateAsync(DbConnection connection, CancellationToken ct) => replicas.ValidateAsync(connection, log, ct);

    public async Task<string?> WhyWaitAsync(DbConnection connection, CancellationToken ct)
    {
        var reading = await replicas.ReadAsync(connection, ct).ConfigureAwait(false);
        var now = Stopwatch.GetTimestamp();
        _history.Record(reading.Primary, now);

        string? worst = null;
        var worstLag = TimeSpan.MinValue;
        foreach (var replica in reading.Replicas)
        {
            if (replica.Replayed is not { } replayed)
            {
                // A replica that cannot be read may be serving stale reads: it holds the backfill until it answers.
                return $"replica {replica.Name} cannot be read ({replica.Problem})";
            }

            var lag = _history.LagOf(replayed, now);
            if (lag > maxLag && lag > worstLag)
            {
                worstLag = lag;
                worst = $"replica {replica.Name} is {Seconds(lag)} behind (limit {Seconds(maxLag)})";
            }
        }

        // Samples every replica has replayed date nothing any more (with no replica, none does).
        _history.DropReplayed(reading.Replicas.Count == 0 ? reading.Primary : reading.Replicas.Min(r => r.Replayed!.Value));

        return worst;
    }

    public ValueTask DisposeAsync() => replicas.DisposeAsync();

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
