using System.Globalization;

namespace ZeroDowntime;

/// <summary>The driver's command line.</summary>
/// <param name="Duration">Traffic time of each phase; a phase that migrates lasts at least until its migration is done.</param>
/// <param name="Rows">Orders seeded before the release (customers: a tenth of it).</param>
/// <param name="Workers">Concurrent clients, each sending its next request when the previous one is answered.</param>
/// <param name="Rollout">How traffic moves from v1 to v2.</param>
/// <param name="ReportPath">Where to write the JSON report, or null.</param>
public sealed record DriverOptions(TimeSpan Duration, int Rows, int Workers, Rollout Rollout, string? ReportPath)
{
    public const string Usage = """
        Releases a small shop (app v1 → v2, migrations that rename a column and a table, widen a type and add
        a NOT NULL column) under load, first with SafeMigrate, then with plain FluentMigrator, and reports
        the requests that failed and the writes that were lost.

        Usage: dotnet run --project examples/ZeroDowntime -- [options]

        Options:
          --duration <seconds>  traffic time per phase (default 20; four phases per run (rolling: five), two runs)
          --rows <n>            orders seeded before the release (default 200000; at least 1000)
          --workers <n>         concurrent clients (default 8)
          --rollout <kind>      blue-green (default): v2 starts, the proxy switches to it, v1 stops;
                                rolling: v1 and v2 first serve side by side for a phase
          --report <path>       also write the report as JSON to <path>
          -h, --help            show this help

        PostgreSQL: a throwaway cluster is started from the server programs on PATH, unless the environment
        variable SAFEMIGRATE_CONNECTION names a server (its user needs CREATEDB: each run gets a fresh database).

        Exit codes: 0 SafeMigrate had no failed request and no lost write, and the plain run failed requests;
        1 otherwise; 2 bad arguments; 3 the harness failed (PostgreSQL, an app or the proxy).
        """;

    public static DriverOptions Default { get; } = new(TimeSpan.FromSeconds(20), 200_000, 8, Rollout.BlueGreen, null);

    /// <summary>Parses the arguments; returns null when help was asked for.</summary>
    /// <exception cref="UsageException">An unknown option, a missing or invalid value.</exception>
    public static DriverOptions? Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "-h" or "--help":
                    return null;
                case "--duration":
                    options = options with { Duration = TimeSpan.FromSeconds(ParseNumber(name, ValueOf(args, ref i), 1, 3600)) };
                    break;
                case "--rows":
                    options = options with { Rows = (int)ParseNumber(name, ValueOf(args, ref i), 1000, 50_000_000) };
                    break;
                case "--workers":
                    options = options with { Workers = (int)ParseNumber(name, ValueOf(args, ref i), 1, 256) };
                    break;
                case "--rollout":
                    options = options with { Rollout = ParseRollout(ValueOf(args, ref i)) };
                    break;
                case "--report":
                    var path = ValueOf(args, ref i);
                    if (string.IsNullOrWhiteSpace(path))
                    {
                        throw new UsageException("--report needs a file path.");
                    }

                    options = options with { ReportPath = path };
                    break;
                default:
                    throw new UsageException($"Unknown argument '{name}'. Run with --help for the options.");
            }
        }

        return options;
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int index)
    {
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"{args[index]} needs a value.");
        }

        return args[++index];
    }

    private static Rollout ParseRollout(string value) => value switch
    {
        "blue-green" => Rollout.BlueGreen,
        "rolling" => Rollout.Rolling,
        _ => throw new UsageException($"--rollout must be blue-green or rolling, not '{value}'."),
    };

    private static long ParseNumber(string option, string value, long minimum, long maximum)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new UsageException($"{option} must be a whole number, not '{value}'.");
        }

        if (number < minimum || number > maximum)
        {
            throw new UsageException($"{option} must be between {minimum} and {maximum}, not {number}.");
        }

        return number;
    }
}
