namespace SafeMigrate.State;

/// <summary>
/// What the release running against a database is doing, as <c>status</c> shows it from another shell or machine
/// (<c>safe_migrate.run_progress</c>, one row, written by the run at each step, at most once a second during a
/// backfill, and when it starts or stops waiting). A run that finishes removes it; one that stopped (a failure, SIGTERM,
/// a kill) leaves it, with <see cref="Running"/> false: where the same command will resume.
/// </summary>
/// <param name="Running">True while a run holds the migration lock of the database.</param>
/// <param name="RunBy">The user, machine and process id of the run (<c>user@host pid 1234</c>).</param>
/// <param name="StartedAt">When the run began its first step.</param>
/// <param name="UpdatedAt">When the run last wrote this row, by the database's clock.</param>
/// <param name="Version">The migration of the current step.</param>
/// <param name="Phase"><c>expand</c>, <c>contract</c> or <c>rollback</c>.</param>
/// <param name="StepNumber">The step's number in its phase, from 1.</param>
/// <param name="StepCount">The number of steps of that phase of that migration.</param>
/// <param name="StepDescription">What the step does.</param>
/// <param name="StepStartedAt">When the step began.</param>
/// <param name="RowsDone">A backfill's rows walked so far (earlier runs included); null for other steps.</param>
/// <param name="RowsTotal">The planner's estimate of the table's rows, when known.</param>
/// <param name="RowsPerSecond">The backfill's rate in this run.</param>
/// <param name="WaitingFor">Why the run waits now (a pause, a lagging replica, the throttle query), or null.</param>
/// <param name="WaitingSince">When that wait began.</param>
public sealed record RunProgress(
    bool Running,
    string RunBy,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    string Phase,
    int StepNumber,
    int StepCount,
    string StepDescription,
    DateTimeOffset StepStartedAt,
    long? RowsDone,
    long? RowsTotal,
    double? RowsPerSecond,
    string? WaitingFor,
    DateTimeOffset? WaitingSince)
{
    /// <summary>The time left at this run's rate, when the total and a rate are known and the run is not waiting.</summary>
    public TimeSpan? Eta =>
        Running && WaitingFor is null && RowsTotal is { } total && RowsDone is { } done && RowsPerSecond is > 0 and var rate && total > done
            ? TimeSpan.FromSeconds(Math.Ceiling((total - done) / rate))
            : null;
}
