using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Bench.Backfill;
using SafeMigrate.Embedded;

// Backfill benchmark: batched backfill vs one UPDATE, same trigger, same data. Progress on stderr, the report on stdout
// (and into docs/benchmarks.md with --write).
var options = BenchOptions.Parse(args);

ThrowawayPostgres? cluster = null;
var adminConnection = Environment.GetEnvironmentVariable("SAFEMIGRATE_CONNECTION");
if (string.IsNullOrWhiteSpace(adminConnection))
{
    Console.Error.WriteLine("Starting a throwaway PostgreSQL cluster…");
    cluster = await ThrowawayPostgres.StartAsync();
    adminConnection = cluster.ConnectionString;
}

try
{
    const string database = "safemigrate_bench_backfill";
    await using (var admin = new NpgsqlConnection(adminConnection))
    {
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
        await create.ExecuteNonQueryAsync();
    }

    var connectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString;
    var machine = await MachineInfo.ReadAsync(connectionString);
    var benchmark = new BackfillBenchmark(connectionString);
    var results = new List<Measurement>();
    var loadAtStart = LoadAverage();

    var variants = options.BatchSizes.Select(b => (BatchSize: b, Target: (TimeSpan?)BackfillRequest.DefaultTargetBatchDuration))
        .Concat(options.FixedBatchSizes.Select(b => (BatchSize: b, Target: (TimeSpan?)null)))
        .ToArray();
    foreach (var rows in options.Sizes)
    {
        var update = new List<TimeSpan>();
        var backfills = variants.ToDictionary(v => v, _ => new List<TimeSpan>());
        // Interleaved, so that a slow phase of the machine does not land on one method only.
        for (var run = 1; run <= options.Runs; run++)
        {
            update.Add(await benchmark.SingleUpdateAsync(rows));
            Console.Error.WriteLine($"{rows,9:N0} rows  run {run}  single UPDATE        {update[^1].TotalSeconds,7:0.000} s");
            foreach (var variant in variants)
            {
                backfills[variant].Add(await benchmark.BackfillAsync(rows, variant.BatchSize, variant.Target));
                Console.Error.WriteLine($"{rows,9:N0} rows  run {run}  backfill batch {variant.BatchSize,6:N0} {(variant.Target is null ? "fixed   " : "adaptive")} {backfills[variant][^1].TotalSeconds,7:0.000} s");
            }
        }

        results.Add(new Measurement(rows, "single UPDATE", null, update));
        results.AddRange(variants.Select(v => new Measurement(rows, v.Target is null ? "backfill, fixed batches" : "backfill, adaptive", v.BatchSize, backfills[v], v.Target)));
    }

    var contention = new List<ContentionMeasurement>();
    if (options.ContentionRows > 0)
    {
        var fixedSize = options.FixedBatchSizes.Count > 0 ? options.FixedBatchSizes.Max() : 1000;
        var contentionVariants = options.ContentionTargets.Select(t => (TimeSpan?)TimeSpan.FromMilliseconds(t)).Prepend(null).ToArray();
        var runs = contentionVariants.ToDictionary(t => t?.TotalMilliseconds ?? 0, _ => new List<ContentionRun>());
        for (var run = 1; run <= options.ContentionRuns; run++)
        {
            foreach (var target in contentionVariants)
            {
                var measured = await benchmark.ContentionAsync(options.ContentionRows, options.ContentionSleepMs, fixedSize, target, clients: 2);
                runs[target?.TotalMilliseconds ?? 0].Add(measured);
                Console.Error.WriteLine(
                    $"contention run {run}  {(target is null ? "fixed" : $"target {target.Value.TotalMilliseconds:0} ms"),-16} backfill {measured.Backfill.TotalSeconds,6:0.00} s  " +
                    $"{measured.Batches,4} batches  {measured.AppUpdates.Count,6} app updates  longest {measured.AppUpdates.DefaultIfEmpty().Max().TotalMilliseconds,7:0} ms");
            }
        }

        contention.AddRange(contentionVariants.Select(t => new ContentionMeasurement(fixedSize, t, runs[t?.TotalMilliseconds ?? 0])));
    }

    var plan = await benchmark.ExplainAnalyzeBatchAsync(options.Sizes.Max(), options.BatchSizes.Min());
    await benchmark.DropAsync();

    var section = BenchmarkReport.Render(machine, options, results, contention, plan, $"{loadAtStart} / {LoadAverage()}");
    Console.Out.Write(section);
    if (options.WritePath is not null)
    {
        BenchmarkReport.Write(options.WritePath, section);
        Console.Error.WriteLine($"Wrote the \"{BenchmarkReport.Heading}\" section of {options.WritePath}.");
    }

    await using (var admin = new NpgsqlConnection(adminConnection))
    {
        await admin.OpenAsync();
        NpgsqlConnection.ClearAllPools();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
finally
{
    if (cluster is not null)
    {
        await cluster.DisposeAsync();
    }
}

// The 1-minute load average, or "unknown" off Linux.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
