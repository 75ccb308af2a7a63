using Npgsql;
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

    foreach (var rows in options.Sizes)
    {
        var update = new List<TimeSpan>();
        var backfills = options.BatchSizes.ToDictionary(b => b, _ => new List<TimeSpan>());
        // Interleaved, so that a slow phase of the machine does not land on one method only.
        for (var run = 1; run <= options.Runs; run++)
        {
            update.Add(await benchmark.SingleUpdateAsync(rows));
            Console.Error.WriteLine($"{rows,9:N0} rows  run {run}  single UPDATE        {update[^1].TotalSeconds,7:0.000} s");
            foreach (var batchSize in options.BatchSizes)
            {
                backfills[batchSize].Add(await benchmark.BackfillAsync(rows, batchSize));
                Console.Error.WriteLine($"{rows,9:N0} rows  run {run}  backfill batch {batchSize,6:N0} {backfills[batchSize][^1].TotalSeconds,7:0.000} s");
            }
        }

        results.Add(new Measurement(rows, "single UPDATE", null, update));
        results.AddRange(options.BatchSizes.Select(b => new Measurement(rows, "backfill", b, backfills[b])));
    }

    var plan = await benchmark.ExplainAnalyzeBatchAsync(options.Sizes.Max(), options.BatchSizes.Min());
    await benchmark.DropAsync();

    var section = BenchmarkReport.Render(machine, options, results, plan, $"{loadAtStart} / {LoadAverage()}");
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
