using System.Text.RegularExpressions;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Checks;

/// <summary>
/// Which steps of a plan read a whole table or rewrite its rows: backfills (every row, in batches), concurrent index
/// builds (two scans, writes go on), and constraint validations (one scan, writes go on). None of them blocks the
/// application, but on a large table they take long, which is worth knowing before a release.
/// </summary>
public static partial class ScannedTables
{
    public static IEnumerable<ScannedTable> Of(Step step) => step switch
    {
        BackfillStep b => [new ScannedTable(b.Request.Schema, b.Request.Table, "a batched rewrite of every row", b.Description)],
        ConcurrentIndexStep i when IndexTable().Match(i.CreateSql) is { Success: true } m =>
            [Parse(m.Groups["table"].Value, "a concurrent index build (two scans)", i.Description)],
        CopyColumnIndexesStep c => [new ScannedTable(c.Schema, c.Table, "concurrent index builds (two scans each)", c.Description)],
        SqlStep s => ValidatedTable().Matches(s.Statement).Select(m => Parse(m.Groups["table"].Value, "a constraint validation (one scan)", s.Description)),
        _ => [],
    };

    /// <summary>A possibly schema-qualified, possibly quoted name, as the dialect writes it.</summary>
    private static ScannedTable Parse(string name, string work, string step)
    {
        var parts = NamePart().Matches(name).Select(p => p.Value.StartsWith('"') ? p.Value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : p.Value).ToList();
        return parts.Count >= 2
            ? new ScannedTable(parts[^2], parts[^1], work, step)
            : new ScannedTable(PostgresIdentifiers.DefaultSchema, parts.LastOrDefault() ?? name, work, step);
    }

    [GeneratedRegex(@"\bINDEX\s+CONCURRENTLY\s+(IF\s+NOT\s+EXISTS\s+)?(""(?:[^""]|"""")+""|\w+)?\s*ON\s+(ONLY\s+)?(?<table>(""(?:[^""]|"""")+""|\w+)(\.(""(?:[^""]|"""")+""|\w+))?)", RegexOptions.IgnoreCase)]
    private static partial Regex IndexTable();

    [GeneratedRegex(@"ALTER\s+TABLE\s+(IF\s+EXISTS\s+)?(?<table>(""(?:[^""]|"""")+""|\w+)(\.(""(?:[^""]|"""")+""|\w+))?)\s+VALIDATE\s+CONSTRAINT", RegexOptions.IgnoreCase)]
    private static partial Regex ValidatedTable();

    [GeneratedRegex(@"""(?:[^""]|"""")+""|\w+")]
    private static partial Regex NamePart();
}
