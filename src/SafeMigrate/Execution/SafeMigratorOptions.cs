using SafeMigrate.Backfill;

namespace SafeMigrate.Execution;

/// <summary>How a run behaves: lock waits, retries, backfill pace, contract's drain wait, and where it reports.</summary>
public sealed record SafeMigratorOptions
{
    /// <summary><c>lock_timeout</c> of every connection: the longest any app query can queue behind a migration statement.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Tries per step when a lock is not granted in time (then <see cref="Errors.BlockedException"/>, exit 4).</summary>
    public int MaxLockAttempts { get; init; } = 10;

    /// <summary>First pause after a lock timeout; doubles per try up to <see cref="RetryMaxDelay"/>, each with random jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most rows per backfill batch (one short transaction each).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>
    /// How long a backfill batch should hold its row locks (an application UPDATE of one of its rows waits that long):
    /// batch sizes adapt to it, up to <see cref="BatchSize"/>; capped at half <see cref="LockTimeout"/>. Null: fixed
    /// batches of <see cref="BatchSize"/> rows. See <see cref="BackfillRequest.TargetBatchDuration"/>.
    /// </summary>
    public TimeSpan? BackfillTargetBatchDuration { get; init; } = BackfillRequest.DefaultTargetBatchDuration;

    public TimeSpan DelayBetweenBatches { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// A query run before each backfill batch; while it returns true the backfill waits (e.g.
    /// <c>SELECT count(*) &gt; 40 FROM pg_stat_activity WHERE state = 'active'</c>). Checked once before expand or
    /// contract changes anything: a query that fails there is bad input. Null: no throttle.
    /// </summary>
    public string? ThrottleQuery { get; init; }

    /// <summary>How often a throttled backfill asks the throttle query (and the replicas) again.</summary>
    public TimeSpan ThrottlePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Before each backfill batch, wait while any replica is further behind the primary than this. The lag is the time
    /// since the primary wrote the oldest log position the replica has not replayed (sampled by the runner), so a replica
    /// whose replay is paused or stuck lags more and more. PostgreSQL: the streaming replicas in
    /// <c>pg_stat_replication</c> and <see cref="Replicas"/>; SQL Server: the availability group's secondaries.
    /// <see cref="TimeSpan.Zero"/>: off.
    /// </summary>
    public TimeSpan MaxReplicaLag { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// PostgreSQL: connection strings of more replicas to watch (those the primary cannot show, such as cascading
    /// standbys, or when SafeMigrate's role may not read <c>pg_stat_replication</c>). Each must open and be in recovery
    /// before anything changes, or the command is bad input. Not supported on SQL Server.
    /// </summary>
    public IReadOnlyList<string> Replicas { get; init; } = [];

    /// <summary>
    /// Contract first waits until no session whose <c>application_name</c> matches this pattern (<c>*</c> and <c>%</c>
    /// match any text) is connected: the old version is gone. Null: no wait.
    /// </summary>
    public string? WaitForDrainPattern { get; init; }

    /// <summary>
    /// Contract first waits until no live app instance (a heartbeat of SafeMigrate.Hosting that has not expired) was
    /// built with a migration set older than the release being contracted: the old version is gone. Instances that do
    /// not use SafeMigrate.Hosting beat no heartbeat and are not seen; <see cref="WaitForDrainPattern"/> sees them by
    /// their sessions' application name.
    /// </summary>
    public bool WaitForOlderInstances { get; init; }

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan DrainPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Compare the catalog before and after expand and roll the expand back when the old version would break.</summary>
    public bool SelfCheck { get; init; } = true;

    /// <summary>One line per step started (progress goes to stderr in the CLI).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Called before each step runs, with the step itself (a live view can show its SQL); when set, <see cref="Log"/> gets no line for step starts.</summary>
    public Action<StepStart>? StepStarted { get; init; }

    public IProgress<BackfillProgress>? BackfillProgress { get; init; }

    /// <summary>
    /// Called when the run starts waiting on a pause or a throttle and when it goes on; when set, <see cref="Log"/> gets
    /// no line for these waits.
    /// </summary>
    public Action<RunWait>? Waiting { get; init; }

    /// <summary>Called before each retry after a lock was not granted; when set, <see cref="Log"/> gets no line for retries.</summary>
    public Action<LockRetry>? LockRetrying { get; init; }

    /// <summary>
    /// A test's fault injection: called before each step's work and again after its work, before its "done" mark is
    /// written (a transactional step's transaction is still open then), so that a test can make a run fail at any
    /// point of any step and check what rollback or a resumed run makes of it.
    /// </summary>
    internal Action<StepFaultPoint>? InjectFault { get; init; }

    /// <summary>Tells <see cref="StepStarted"/> that a step begins, or else writes one line to <see cref="Log"/>.</summary>
    internal void ReportStepStart(StepStart start)
    {
        if (StepStarted is { } started)
        {
            started(start);
        }
        else
        {
            Log?.Invoke($"{start.Version} {start.Phase} [{start.Index + 1}/{start.Count}] {start.Step.Description}");
        }
    }

    /// <summary>Tells <see cref="Waiting"/> that a wait begins or ends, or else writes one line to <see cref="Log"/> (<paramref name="waiter"/>: "the backfill", "the run").</summary>
    internal void ReportWait(RunWait wait, string waiter)
    {
        if (Waiting is { } waiting)
        {
            waiting(wait);
        }
        else
        {
            Log?.Invoke(wait.Waited is { } waited
                ? $"  throttle released after {waited.TotalSeconds:0.0} s ({wait.Reason})"
                : $"  throttled: {wait.Why}; {waiter} waits (no lock held)");
        }
    }

    /// <summary>Tells <see cref="LockRetrying"/> that a lock failure is retried, or else writes one line to <see cref="Log"/>.</summary>
    internal void ReportRetry(LockRetry retry)
    {
        if (LockRetrying is { } retrying)
        {
            retrying(retry);
        }
        else
        {
            Log?.Invoke($"  lock not granted, try {retry.NextAttempt}/{retry.MaxAttempts} in {retry.Delay.TotalMilliseconds:0} ms");
        }
    }
}
