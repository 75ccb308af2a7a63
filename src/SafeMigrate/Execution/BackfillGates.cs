using System.Data.Common;
using System.Diagnostics;

namespace SafeMigrate.Execution;

/// <summary>
/// The gates a backfill asks before each batch (<see cref="SafeMigratorOptions.ThrottleQuery"/>,
/// <see cref="SafeMigratorOptions.MaxReplicaLag"/>): while one says wait, the backfill sleeps
/// <see cref="SafeMigratorOptions.ThrottlePollInterval"/> and asks again. The wait is between batches, with no transaction
/// open, so nothing is locked meanwhile. Each wait is logged when it starts (and why) and when it ends (and how long it
/// lasted), and recorded as <c>safemigrate.throttled.duration</c> with its reason.
/// </summary>
internal sealed class BackfillGates(IReadOnlyList<IBackfillGate> gates, TimeSpan pollInterval, Action<string>? log) : IAsyncDisposable
{
    /// <summary>The gates <paramref name="options"/> ask for on this provider.</summary>
    public static BackfillGates From(SafeMigratorOptions options, IProviderSession provider)
    {
        var gates = new List<IBackfillGate> { new PauseGate(provider.StateSql.Pauses) };
        if (options.ThrottleQuery is { } query)
        {
            gates.Add(new LoadThrottle(query));
        }

        if (options.MaxReplicaLag > TimeSpan.Zero)
        {
            gates.Add(new ReplicaLagThrottle(provider.CreateReplicaPositions(options), options.MaxReplicaLag, options.Log));
        }

        return new BackfillGates(gates, options.ThrottlePollInterval, options.Log);
    }

    /// <exception cref="Errors.InvalidInputException">A gate cannot be asked (a failing query, a bad replica connection).</exception>
    public async Task ValidateAsync(DbConnection connection, CancellationToken ct)
    {
        foreach (var gate in gates)
        {
            await gate.ValidateAsync(connection, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Returns once every gate says go in the same round (a gate may close again while another one is waited on).</summary>
    public async Task WaitAsync(DbConnection connection, CancellationToken ct)
    {
        var waited = true;
        while (waited)
        {
            waited = false;
            foreach (var gate in gates)
            {
                waited |= await WaitOnAsync(gate, connection, ct).ConfigureAwait(false);
            }

            waited &= gates.Count > 1;
        }
    }

    /// <summary>Before a step: returns once no pause stands (the other gates are for batches only).</summary>
    public async Task WaitWhilePausedAsync(DbConnection connection, CancellationToken ct)
    {
        foreach (var gate in gates.Where(g => g.Reason == PauseGate.Name))
        {
            await WaitOnAsync(gate, connection, ct, "the run").ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in gates)
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> WaitOnAsync(IBackfillGate gate, DbConnection connection, CancellationToken ct, string waiter = "the backfill")
    {
        var why = await gate.WhyWaitAsync(connection, ct).ConfigureAwait(false);
        if (why is null)
        {
            return false;
        }

        var started = Stopwatch.GetTimestamp();
        log?.Invoke($"  throttled: {why}; {waiter} waits (no lock held)");
        try
        {
            do
            {
                await Task.Delay(pollInterval, ct).ConfigureAwait(false);
            }
            while (await gate.WhyWaitAsync(connection, ct).ConfigureAwait(false) is not null);
        }
        finally
        {
            // A wait cut short by cancellation is still time the backfill spent throttled.
            SafeMigrateTelemetry.RecordThrottled(Stopwatch.GetElapsedTime(started), gate.Reason);
        }

        log?.Invoke($"  throttle released after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s ({gate.Reason})");
        return true;
    }
}
