namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// PostgreSQL 17+: a <c>transaction_timeout</c> for the steps that take ACCESS EXCLUSIVE and are meant to hold it for a
/// moment only (adding a NOT VALID constraint, a SET NOT NULL proved by a validated check). Should such a step do more
/// than planned (a SET NOT NULL that scans after all because its check went missing), the server ends the transaction,
/// and with it the runner's session, instead of holding the lock, with every application query queued behind it, for
/// as long as the scan takes. The run then exits 3 and resumes at that step.
/// </summary>
/// <remarks>
/// The limit is the session's <c>lock_timeout</c> (the wait for the lock is part of the transaction) plus
/// <see cref="WorkAllowance"/>; with no lock timeout there is no guard. It is <c>SET LOCAL</c>: the steps that may
/// legitimately run long (backfill batches, index builds, VALIDATE CONSTRAINT under SHARE UPDATE EXCLUSIVE) never
/// get one, and the runner's sessions reset the setting to 0 so that a role or database default cannot end them.
/// On every version, the sessions also get an <c>idle_in_transaction_session_timeout</c> (<see cref="ForSession"/>),
/// so that a stuck runner cannot hold a lock indefinitely.
/// </remarks>
internal static class TransactionTimeoutGuard
{
    /// <summary>What a catalog-only change may take once it holds its lock.</summary>
    public static readonly TimeSpan WorkAllowance = TimeSpan.FromSeconds(30);

    /// <summary>The statement that starts such a step on <paramref name="target"/>; empty before PostgreSQL 17.</summary>
    public static string For(PostgresTarget target) => target.HasTransactionTimeout
        ? $"""
          SELECT set_config('transaction_timeout', CASE WHEN current_setting('lock_timeout')::interval = interval '0' THEN '0'
            ELSE ((extract(epoch FROM current_setting('lock_timeout')::interval) * 1000)::bigint + {(long)WorkAllowance.TotalMilliseconds})::text END, true);

          """
        : string.Empty;

    /// <summary>
    /// How long a runner's session may sit idle inside an open transaction before the server ends it: the session's
    /// lock timeout plus <see cref="WorkAllowance"/>, as for a short step's whole transaction.
    /// </summary>
    /// <remarks>
    /// The runner never leaves a transaction idle on purpose: it sends a transaction's statements back to back, and
    /// every wait (a retry's backoff, the pause between backfill batches, the drain wait) happens after the transaction
    /// was rolled back or committed. Idle time inside one means the runner is stuck (stopped with SIGSTOP, frozen,
    /// starved of CPU, cut off by the network before the server noticed) while its transaction may hold ACCESS
    /// EXCLUSIVE with the application queued behind it; with this setting the server ends that session and its locks,
    /// the migration lock included, and the run resumes at the step it was in. The margin covers a healthy runner's
    /// pauses (garbage collection, a loaded machine, the C# of an Execute.WithConnection data fix between its
    /// statements) many times over; a user who allows longer lock waits (--lock-timeout) gets a longer margin too.
    /// Every version SafeMigrate supports (12+) has the setting.
    /// </remarks>
    public static TimeSpan IdleInTransactionTimeout(TimeSpan lockTimeout) => lockTimeout + WorkAllowance;

    /// <summary>
    /// What the runner runs on each of its sessions: the idle-in-transaction limit, and (PostgreSQL 17+) no
    /// session-wide transaction_timeout. That one stays 0 because a statement outside an explicit transaction is a
    /// transaction of its own, so a session value would also end an index build or a validation that legitimately runs
    /// for an hour; and it cannot be lifted for such a step later, as inside a transaction whose timer is already
    /// running only setting it to 0 disarms it (a larger value leaves the running timer as it is). So the guard is
    /// armed per transaction instead (<see cref="For"/>), for the steps that must stay short.
    /// </summary>
    /// <param name="idleInTransactionTimeout">Null: <see cref="IdleInTransactionTimeout"/> of <paramref name="lockTimeout"/>.</param>
    public static string ForSession(Version serverVersion, TimeSpan lockTimeout, TimeSpan? idleInTransactionTimeout = null) =>
        $"SET idle_in_transaction_session_timeout = {(long)(idleInTransactionTimeout ?? IdleInTransactionTimeout(lockTimeout)).TotalMilliseconds};" +
        (serverVersion.Major >= 17 ? " SET transaction_timeout = 0;" : string.Empty);
}
