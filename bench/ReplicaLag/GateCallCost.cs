using System.Diagnostics;
using Npgsql;
using SafeMigrate.Execution;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>What one question to a gate costs, alone on an idle connection: the median of many calls.</summary>
/// <param name="What">The gate, or the baseline query.</param>
internal sealed record GateCall(string What, double MedianMilliseconds, double P90Milliseconds);

/// <summary>
/// Times <see cref="IBackfillGate.WhyWaitAsync"/> of each gate <c>expand</c> builds by default (the same classes
/// <see cref="BackfillGates.From"/> makes), and a <c>SELECT 1</c> round trip for scale, on the benchmark's primary with
/// its standby streaming.
/// </summary>
internal static class GateCallCost
{
    public static async Task<IReadOnlyList<GateCall>> MeasureAsync(string connectionString, int calls)
    {
        var options = new SafeMigratorOptions();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var provider = new PostgresProviderSession(connection, holdsMigrationLock: false, options);
        await using var one = new NpgsqlCommand("SELECT 1", connection);
        var results = new List<GateCall>
        {
            await TimeAsync("SELECT 1 (one round trip)", calls, async () => await one.ExecuteScalarAsync()),
        };

        await using var pause = new PauseGate(provider.StateSql.Pauses);
        results.Add(await TimeAsync("pause gate (pause table absent: one query)", calls, () => pause.WhyWaitAsync(connection, CancellationToken.None)));

        await using var lag = new ReplicaLagThrottle(provider.CreateReplicaPositions(options), options.MaxReplicaLag);
        await lag.ValidateAsync(connection, CancellationToken.None);
        results.Add(await TimeAsync("replica-lag throttle (one standby streaming)", calls, () => lag.WhyWaitAsync(connection, CancellationToken.None)));
        await using var primary = new NpgsqlCommand(PostgresReplicaLagSql.ReadPrimary, connection);
        results.Add(await TimeAsync("its query alone (PostgresReplicaLagSql.ReadPrimary)", calls, () => ReadAllAsync(primary)));
        // Where the time goes: the parts of that query, and the whole query prepared (planned once per connection).
        await using var position = new NpgsqlCommand("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn", connection);
        results.Add(await TimeAsync("  part: pg_current_wal_lsn() alone", calls, async () => await position.ExecuteScalarAsync()));
        await using var senders = new NpgsqlCommand("SELECT replay_lsn FROM pg_stat_replication", connection);
        results.Add(await TimeAsync("  part: SELECT replay_lsn FROM pg_stat_replication", calls, async () => await ReadAllAsync(senders)));
        await using var slots = new NpgsqlCommand("SELECT active_pid FROM pg_replication_slots WHERE slot_type = 'logical'", connection);
        results.Add(await TimeAsync("  part: SELECT .. FROM pg_replication_slots", calls, async () => await ReadAllAsync(slots)));
        await using var prepared = new NpgsqlCommand(PostgresReplicaLagSql.ReadPrimary, connection);
        await prepared.PrepareAsync();
        results.Add(await TimeAsync("  the whole query, prepared", calls, async () => await ReadAllAsync(prepared)));
        return results;
    }

    private static async Task ReadAllAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    private static async Task<GateCall> TimeAsync(string what, int calls, Func<Task> call)
    {
        for (var i = 0; i < 50; i++)
        {
            await call();
        }

        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return new GateCall(what, times[calls / 2], times[calls * 9 / 10]);
    }
}
