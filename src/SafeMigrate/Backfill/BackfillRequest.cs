namespace SafeMigrate.Backfill;

/// <summary>
/// What a batched backfill does: <c>UPDATE "Schema"."Table" SET SetClause</c> over every row that existed when
/// it started, in key-range batches of at most <paramref name="BatchSize"/> rows, each batch in its own short transaction.
/// </summary>
/// <param name="Schema">The table's schema, unquoted (it is quoted here).</param>
/// <param name="Table">The table's name, unquoted.</param>
/// <param name="SetClause">SQL after <c>SET</c>, e.g. <c>"email_address" = "email"</c>. Column references are to the table itself.</param>
/// <param name="Predicate">
/// Optional extra filter, e.g. <c>"email_address" IS DISTINCT FROM "email"</c>: rows already right are skipped, not
/// rewritten (no dead tuple, no trigger call). Batches still advance over skipped rows.
/// </param>
/// <param name="BatchSize">
/// The most rows per batch (per transaction); each batch locks at most this many rows. Batches are smaller when they
/// would last longer than <see cref="TargetBatchDuration"/>.
/// </param>
/// <param name="DelayBetweenBatches">Pause after each committed batch, to leave room to the application's writes and to replicas.</param>
/// <param name="LockTimeout">
/// <c>lock_timeout</c> of the backfill's connection (null: <see cref="DefaultLockTimeout"/>). A batch that cannot lock its
/// rows in time is rolled back and retried after a capped, jittered backoff.
/// </param>
/// <param name="MaxLockAttempts">How many times one batch is tried before the backfill gives up with a <see cref="Errors.BlockedException"/>.</param>
public sealed record BackfillRequest(
    string Schema,
    string Table,
    string SetClause,
    string? Predicate,
    int BatchSize,
    TimeSpan DelayBetweenBatches,
    TimeSpan? LockTimeout = null,
    int MaxLockAttempts = BackfillRequest.DefaultMaxLockAttempts)
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// 100 ms: an application query that needs a row of a batch waits at most about this long, a few times the p99 of
    /// a typical OLTP request (21 ms in the zero-downtime example) and a twentieth of the default lock timeout. Measured
    /// on rows costing about 1.1 ms each (docs/benchmarks.md, "Application writes during a slow backfill"): the longest
    /// application UPDATE went from 1.1 s with fixed 1,000-row batches to 49–59 ms, for a backfill 2% slower (50 ms:
    /// 16–27 ms but 6% slower, the per-batch round trips, checkpoint and commit weighing more; 200 ms: 115–129 ms, 1%).
    /// </summary>
    public static readonly TimeSpan DefaultTargetBatchDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a batch should last, from its BEGIN to its COMMIT: the time its rows stay locked, so the longest an
    /// application query waits behind it. After each batch the next one's size is adapted (cut when a batch was too
    /// slow, down to 10 rows; grown back up to <see cref="BatchSize"/> when batches are fast); the first batch has 10
    /// rows. It is capped at half the lock timeout. Null: every batch has <see cref="BatchSize"/> rows.
    /// </summary>
    public TimeSpan? TargetBatchDuration { get; init; } = DefaultTargetBatchDuration;

    public const int DefaultMaxLockAttempts = 10;
}
