namespace SafeMigrate.State;

/// <summary>
/// The statements of one provider that keep the live progress of a run (<c>safe_migrate.run_progress</c>, at most one
/// row; see <see cref="RunProgress"/>), with the named parameters <c>@run_by</c>, <c>@started_at</c>, <c>@version</c>,
/// <c>@phase</c>, <c>@step</c>, <c>@steps</c>, <c>@description</c>, <c>@step_started_at</c>, <c>@rows_done</c>,
/// <c>@rows_total</c>, <c>@rows_per_second</c>, <c>@waiting_for</c> and <c>@waiting_since</c> (times in UTC).
/// </summary>
internal sealed record RunProgressSql
{
    /// <summary>Creates the table when it is missing; part of the state schema, created at the start of every run.</summary>
    public required string Create { get; init; }

    /// <summary>1 when the table exists (<c>status</c> creates nothing).</summary>
    public required string Exists { get; init; }

    /// <summary>
    /// 1 or 0 (a run holds the migration lock now), run_by, started_at, updated_at, version, phase, step, steps,
    /// description, step_started_at, rows_done, rows_total, rows_per_second, waiting_for, waiting_since; or no row.
    /// </summary>
    public required string Read { get; init; }

    /// <summary>Writes the whole row from the parameters, updated_at now.</summary>
    public required string Save { get; init; }

    /// <summary>Removes the row: the run finished.</summary>
    public required string Delete { get; init; }
}
