using System.Diagnostics;
using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Execution;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>One backfill timed with or without the gates: wall time, and the time it spent throttled.</summary>
internal sealed record GateCostRun(TimeSpan Elapsed, double ThrottledSeconds, long Batches);

/// <summary>
/// The backfill's gates: none; the product's defaults, asked between batches at most every 250 ms while they say go;
/// or the same gates asked before every batch (the engine before that spacing).
/// </summary>
internal enum GateVariant
{
    Off,
    On,
    OnEveryBatch,
}

/// <summary>
/// The backfill of bench/Backfill (adaptive batches of at most 1,000 rows, real checkpoints, no delay) through the shared
/// <see cref="BackfillDriver"/>, either with no gates or with the gates <c>expand</c> builds by default
/// (<see cref="BackfillGates.From"/> with the default <see cref="SafeMigratorOptions"/>: the pause gate and the
/// replica-lag throttle at 5 s, here with a streaming standby that keeps up). Everything else is the same code.
/// </summary>
internal sealed class GateCost(string connectionString, StreamingStandby pair)
{
    private const string Table = "bench_gates";

    private int _step;

    public async Task<GateCostRun> RunAsync(int rows, GateVariant variant)
    {
        await BenchTable.PrepareAsync(connectionString, Table, rows, withNewColumn: true, pair);
        var options = new SafeMigratorOptions();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // As PostgresBackfill.RunAsync (the backfill benchmark's entry point) sets it.
        await using (var set = new NpgsqlCommand($"SET lock_timeout = '{(long)options.LockTimeout.TotalMilliseconds}ms'", connection))
        {
            await set.ExecuteNonQueryAsync();
        }

        // The provider session only lends the gates its SQL; it is not disposed (that would close the connection twice).
        var provider = new PostgresProviderSession(connection, holdsMigrationLock: false, options);
        // No live row here (no step started): the run's own write of it, at most once a second, is one single-row upsert.
        var monitor = new RunMonitor(options, null, TimeProvider.System);
        await using var gates = variant switch
        {
            GateVariant.On => BackfillGates.From(options, provider, monitor),
            GateVariant.OnEveryBatch => BackfillGates.From(options, provider, monitor, betweenBatches: TimeSpan.Zero),
            _ => null,
        };
        if (gates is not null)
        {
            // Once per command, before anything changes, as expand does: not part of the per-batch cost.
            await gates.ValidateAsync(connection, CancellationToken.None);
        }

        var driver = new BackfillDriver(connection, PostgresBackfillSql.Instance, PostgresErrors.Instance, new RetryPolicy(options, PostgresErrors.Instance.IsLockFailure), gates);
        var request = new BackfillRequest("public", Table, "\"new_col\" = \"old_col\"", null, options.BatchSize, TimeSpan.Zero)
        {
            TargetBatchDuration = options.BackfillTargetBatchDuration,
            LockTimeout = options.LockTimeout,
        };
        var checkpoints = PostgresBackfill.Checkpoints(1, "expand", Interlocked.Increment(ref _step));
        using var throttled = new ThrottledTime();
        var clock = Stopwatch.StartNew();
        var result = await driver.RunAsync(request, checkpoints, null, CancellationToken.None);
        clock.Stop();

        var wrong = await BenchTable.CountAsync(connectionString, $"SELECT count(*) FROM {Table} WHERE new_col IS DISTINCT FROM old_col");
        if (result.RowsUpdated != rows || wrong != 0)
        {
            throw new InvalidOperationException($"Expected {rows} rows updated and none left wrong; got {result.RowsUpdated} updated and {wrong} wrong.");
        }

        return new GateCostRun(clock.Elapsed, throttled.TotalSeconds, result.Batches);
    }
}
