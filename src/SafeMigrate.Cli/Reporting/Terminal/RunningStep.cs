namespace SafeMigrate.Cli.Reporting.Terminal;

/// <summary>
/// What the live view shows of the running step besides its description (the tag of its Spectre progress task):
/// when it started, and during a backfill the rows done / total, rate and ETA, already formatted.
/// </summary>
internal sealed record RunningStep(long StartedAt, string? BackfillText = null);
