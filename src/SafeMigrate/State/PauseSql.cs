namespace SafeMigrate.State;

/// <summary>
/// The statements of one provider that keep the pause of a release (<c>safe_migrate.pause</c>, at most one row), with
/// the named parameters <c>@reason</c> and <c>@paused_by</c>. A running release reads it before each backfill batch and
/// each step; <c>pause</c> and <c>resume</c>, from any shell or machine, write it.
/// </summary>
internal sealed record PauseSql
{
    /// <summary>Creates the table when it is missing; changes nothing when it exists.</summary>
    public required string Create { get; init; }

    /// <summary>1 when the table exists.</summary>
    public required string Exists { get; init; }

    /// <summary>reason, paused_by, paused_at of the pause, or no row.</summary>
    public required string Read { get; init; }

    /// <summary>Records the pause (@reason, @paused_by), now; a second pause replaces the first.</summary>
    public required string Pause { get; init; }

    /// <summary>Removes the pause; the number of rows removed says whether there was one.</summary>
    public required string Resume { get; init; }
}
