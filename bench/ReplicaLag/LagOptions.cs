using System.Globalization;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>
/// Command line: <c>[--write docs/benchmarks.md] [--chart docs/replica-lag.svg] [--rows 1000000] [--pause-after 3]
/// [--pause-for 18] [--cost-sizes 100000,1000000] [--cost-runs 5] [--gate-calls 2000] [--csv DIR]</c> (seconds for the pause).
/// </summary>
/// <param name="CostSizes">Table sizes of the gates-off / gates-on comparison; empty skips it.</param>
/// <param name="CsvDirectory">Where to write each lag run's time series as CSV; null: nowhere.</param>
internal sealed record LagOptions(
    string? WritePath,
    string? ChartPath,
    int Rows,
    TimeSpan PauseAfter,
    TimeSpan PauseFor,
    IReadOnlyList<int> CostSizes,
    int CostRuns,
    string? CsvDirectory,
    int GateCalls = 2000)
{
    public static LagOptions Parse(string[] args)
    {
        var options = new LagOptions(null, null, 1_000_000, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(18), [100_000, 1_000_000], 5, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--write" => options with { WritePath = value },
                "--chart" => options with { ChartPath = value },
                "--rows" => options with { Rows = Number(value) },
                "--pause-after" => options with { PauseAfter = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--pause-for" => options with { PauseFor = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--cost-sizes" => options with { CostSizes = value == "none" ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Number).ToArray() },
                "--cost-runs" => options with { CostRuns = Number(value) },
                "--csv" => options with { CsvDirectory = value },
                "--gate-calls" => options with { GateCalls = Number(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options;
    }

    private static int Number(string value) => int.Parse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
