using System.Data.Common;
using SafeMigrate.Backfill;

namespace SafeMigrate.Execution;

/// <summary>
/// One provider's part of a backfill: its catalog reads and its batch statement. <see cref="BackfillDriver"/> does the
/// rest (checkpoints, batch sizing, retries, progress, cancellation) for every provider alike. Key values travel as
/// text, the key columns' text form, and are cast back to the columns' types in the statements.
/// </summary>
internal interface IBackfillSql
{
    /// <summary>The table as SQL (quoted, schema-qualified), for messages.</summary>
    string Quote(string schema, string table);

    /// <summary>The most rows one batch may lock (SQL Server escalates to a table lock at 5,000), or null for no limit.</summary>
    int? MaxBatchSize { get; }

    /// <summary>Prepares the connection's session for batches (text forms of keys that read back to the same value).</summary>
    Task ConfigureSessionAsync(DbConnection connection, CancellationToken ct);

    /// <summary>The key to walk and the table's estimated row count (free: from statistics, no count scan; null when unknown).</summary>
    /// <exception cref="Errors.InvalidInputException">No such table, or no usable key.</exception>
    Task<(BackfillKey Key, long? EstimatedRows)> ReadKeyAsync(DbConnection connection, string schema, string table, CancellationToken ct);

    /// <summary>The greatest key now, or null for an empty table.</summary>
    Task<string[]?> ReadMaxKeyAsync(DbConnection connection, BackfillKey key, CancellationToken ct);

    /// <summary>The batch statement for this key and SET clause, prepared once per run.</summary>
    Task<IBackfillBatch> PrepareBatchAsync(DbConnection connection, BackfillKey key, string setClause, string? predicate, CancellationToken ct);

    /// <summary>
    /// For a batched C# data fix: the statement that finds each batch's key range as the batch statement would, changing
    /// no row (its "rows updated" is 0), prepared once per run.
    /// </summary>
    Task<IBackfillBatch> PrepareRangeAsync(DbConnection connection, BackfillKey key, CancellationToken ct);

    /// <summary>
    /// The condition on the key that holds for the rows of one range, with the bounds as named text parameters
    /// (<c>@sm_after_i</c> when <paramref name="hasLowerBound"/>, <c>@sm_upto_i</c>), for the fix to append to its statements.
    /// </summary>
    /// <param name="alias">Written before each key column, or null.</param>
    string FixCondition(BackfillKey key, string? alias, bool hasLowerBound);
}

/// <summary>
/// One prepared batch statement: updates the rows whose key is after <c>after</c> (from the first row when null), up to
/// <c>size</c> rows and never beyond <c>max</c>, in the given transaction.
/// </summary>
internal interface IBackfillBatch : IAsyncDisposable
{
    /// <returns>Rows walked (updated or skipped by the predicate), rows updated, and the last key walked (null when none was).</returns>
    Task<(long Walked, long Updated, string[]? LastKey)> RunAsync(DbTransaction transaction, IReadOnlyList<string>? after, IReadOnlyList<string> max, int size);
}
