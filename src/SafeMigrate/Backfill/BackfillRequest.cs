namespace SafeMigrate.Backfill;

/// <summary>
/// What a batched backfill does: <c>UPDATE "Schema"."Table" SET SetClause</c> over every row that existed when
/// it started, in key-range batches of <paramref name="BatchSize"/> rows, each batch in its own short transaction.
/// </summary>
/// <param name="Schema">The table's schema, unquoted (it is quoted here).</param>
/// <param name="Table">The table's name, unquoted.</param>
/// <param name="SetClause">SQL after <c>SET</c>, e.g. <c>"email_address" = "email"</c>. Column references are to the table itself.</param>
/// <param name="Predicate">
/// Optional extra filter, e.g. <c>"email_address" IS DISTINCT FROM "email"</c>: rows already right are skipped, not
/// rewritten (no dead tuple, no trigger call). Batches still advance over skipped rows.
/// </param>
/// <param name="BatchSize">Rows per batch (per transaction); each batch locks at most this many rows.</param>
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

    public const int DefaultMaxLockAttempts = 10;
}
