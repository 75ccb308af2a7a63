using System.Globalization;
using SafeMigrate.Bench.Backfill;
using SafeMigrate.Bench.ReplicaLag;

// Replica-lag benchmark: a backfill against a streaming standby whose replay is paused, throttled and unthrottled, and
// the gates' cost when nothing lags. Progress on stderr, the report on stdout (and into docs/benchmarks.md with --write,
// the chart into --chart).
var options = LagOptions.Parse(args);
var c = CultureInfo.InvariantCulture;

Console.Error.WriteLine("Starting a throwaway primary and a streaming standby…");
await using var pair = await StreamingStandby.StartAsync();
var machine = await MachineInfo.ReadAsync(pair.Primary.ConnectionString);
var loadAtStart = LoadAverage();

var lagRuns = new List<LagRunResult>();
var lag = new LagRun(pair);
foreach (var (limit, name) in new[] { (TimeSpan.FromSeconds(5), "bench_lag_throttled"), (TimeSpan.Zero, "bench_lag_unthrottled") })
{
    var run = await lag.RunAsync(name, options.Rows, limit, options.PauseAfter, options.PauseFor);
    lagRuns.Add(run);
    Console.Error.WriteLine(string.Create(c,
        $"{run.Label,-34} backfill {run.BackfillSeconds,6:0.0} s  max lag {run.MaxLagSeconds,5:0.0} s  throttled {run.ThrottledSeconds,5:0.0} s  {run.Samples.Count} samples"));
    if (options.CsvDirectory is not null)
    {
        Directory.CreateDirectory(options.CsvDirectory);
        var lines = run.Samples.Select(s => string.Create(c, $"{s.Seconds:0.000},{s.RowsDone},{s.LagSeconds:0.000},{s.ReplayTimestampLagSeconds:0.000},{s.UnreplayedBytes}"))
            .Prepend("seconds,rows_done,lag_seconds,replay_timestamp_lag_seconds,unreplayed_bytes");
        await File.WriteAllLinesAsync(Path.Combine(options.CsvDirectory, $"{name}.csv"), lines);
    }

    // Pools hold connections to it (the expand's, the sampler's): FORCE ends them.
    Npgsql.NpgsqlConnection.ClearAllPools();
    await BenchTable.ExecuteAsync(pair.Primary.ConnectionString, $"DROP DATABASE {name} WITH (FORCE)");
}

var costs = new List<GateCostMeasurement>();
IReadOnlyList<GateCall> calls = [];
if (options.CostSizes.Count > 0)
{
    const string database = "bench_gates";
    await pair.Primary.CreateDatabaseAsync(database);
    var cost = new GateCost(pair.Primary.ConnectionStringFor(database), pair);
    var variants = new[] { GateVariant.Off, GateVariant.On, GateVariant.OnEveryBatch };
    foreach (var rows in options.CostSizes)
    {
        var runs = variants.ToDictionary(v => v, _ => new List<GateCostRun>());
        for (var round = 1; round <= options.CostRuns; round++)
        {
            // A rotating order, so that no variant always runs first or right after the same other one.
            foreach (var variant in variants.Skip((round - 1) % variants.Length).Concat(variants.Take((round - 1) % variants.Length)))
            {
                var measured = await cost.RunAsync(rows, variant);
                runs[variant].Add(measured);
                Console.Error.WriteLine(string.Create(c,
                    $"{rows,9:N0} rows  round {round}  gates {variant,-8}  {measured.Elapsed.TotalSeconds,7:0.000} s  {measured.Batches} batches  throttled {measured.ThrottledSeconds:0.0} s"));
            }
        }

        costs.AddRange(variants.Select(v => new GateCostMeasurement(rows, v, runs[v])));
    }

    calls = await GateCallCost.MeasureAsync(pair.Primary.ConnectionStringFor(database), options.GateCalls);
    foreach (var call in calls)
    {
        Console.Error.WriteLine(string.Create(c, $"{call.What,-48} median {call.MedianMilliseconds:0.000} ms  p90 {call.P90Milliseconds:0.000} ms"));
    }
}

var chartLink = options.ChartPath is null ? "replica-lag.svg"
    : options.WritePath is null ? options.ChartPath
    : Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(options.WritePath))!, Path.GetFullPath(options.ChartPath)).Replace('\\', '/');
var section = LagReport.Render(machine, options, lagRuns, costs, calls, chartLink, $"{loadAtStart} / {LoadAverage()}");
Console.Out.Write(section);
if (options.ChartPath is not null)
{
    await File.WriteAllTextAsync(options.ChartPath, LagChart.Render(lagRuns, TimeSpan.FromSeconds(5)));
    Console.Error.WriteLine($"Wrote {options.ChartPath}.");
}

if (options.WritePath is not null)
{
    LagReport.Write(options.WritePath, section);
    Console.Error.WriteLine($"Wrote the \"{LagReport.Heading}\" section of {options.WritePath}.");
}

// The 1-minute load average, or "unknown" off Linux.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
