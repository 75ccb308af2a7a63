using System.Globalization;

namespace SafeMigrate.Bench.Backfill;

/// <summary>Command line: <c>[--write docs/benchmarks.md] [--sizes 100000,1000000] [--batch-sizes 1000,5000] [--runs 5]</c>.</summary>
internal sealed record BenchOptions(string? WritePath, IReadOnlyList<int> Sizes, IReadOnlyList<int> BatchSizes, int Runs)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(null, [100_000, 1_000_000], [1000, 5000], 5);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--write" => options with { WritePath = value },
                "--sizes" => options with { Sizes = Numbers(value) },
                "--batch-sizes" => options with { BatchSizes = Numbers(value) },
                "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
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
