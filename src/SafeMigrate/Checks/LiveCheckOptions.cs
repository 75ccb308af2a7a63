namespace SafeMigrate.Checks;

/// <summary>Thresholds of a live check.</summary>
public sealed record LiveCheckOptions
{
    /// <summary>A table with at least this many rows (estimated from <c>pg_class.reltuples</c>) gets a note for every step that scans or rewrites it.</summary>
    public long LargeTableRows { get; init; } = 1_000_000;
}
