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

    /// <summary>What the runner runs on each of its sessions (none before PostgreSQL 17).</summary>
    public static string ResetForSession(Version serverVersion) => serverVersion.Major >= 17 ? "SET transaction_timeout = 0;" : string.Empty;
}
