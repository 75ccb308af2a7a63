using System.Globalization;

namespace SafeMigrate.Bench.Backfill;

/// <summary>
/// Command line: <c>[--write docs/benchmarks.md] [--sizes 100000,1000000] [--batch-sizes 1000,5000] [--fixed-batch-sizes 1000]
/// [--runs 5] [--contention-rows 10000] [--contention-sleep-ms 0.5] [--contention-targets 50,100,200] [--contention-runs 3]</c>.
/// </summary>
/// <param name="BatchSizes">Backfills with the default target batch duration and these maximum batch sizes.</param>
/// <param name="FixedBatchSizes">Backfills with fixed batches of these sizes (no target duration): the engine before batches were sized by time.</param>
/// <param name="ContentionRows">Rows of the slow table backfilled under application writes; 0 skips that measurement.</param>
/// <param name="ContentionSleepMs">What updating one of its rows costs, slept in a row trigger.</param>
/// <param name="ContentionTargets">Target batch durations compared there (ms), next to fixed batches of the largest of <paramref name="FixedBatchSizes"/>.</param>
internal sealed record BenchOptions(
    string? WritePath,
    IReadOnlyList<int> Sizes,
    IReadOnlyList<int> BatchSizes,
    IReadOnlyList<int> FixedBatchSizes,
    int Runs,
    int ContentionRows,
    double ContentionSleepMs,
    IReadOnlyList<int> ContentionTargets,
    int ContentionRuns)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(null, [100_000, 1_000_000], [1000, 5000], [1000], 5, 10_000, 0.5, [50, 100, 200], 3);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--write" => options with { WritePath = value },
                "--sizes" => options with { Sizes = Numbers(value) },
                "--batch-sizes" => options with { BatchSizes = Numbers(value) },
                "--fixed-batch-sizes" => options with { FixedBatchSizes = Numbers(value) },
                "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--contention-rows" => options with { ContentionRows = int.Parse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) },
                "--contention-sleep-ms" => options with { ContentionSleepMs = double.Parse(value, CultureInfo.InvariantCulture) },
                "--contention-targets" => options with { ContentionTargets = Numbers(value) },
                "--contention-runs" => options with { ContentionRuns = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options;
    }

    private static int[] Numbers(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => int.Parse(n, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
            .ToArray();
}
