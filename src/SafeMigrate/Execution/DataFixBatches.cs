using System.Data;
using System.Data.Common;
using SafeMigrate.Backfill;
using SafeMigrate.FluentMigrator;

namespace SafeMigrate.Execution;

/// <summary>
/// The batch of a batched C# data fix, as the backfill driver runs a batch: the provider's range statement finds the
/// next key range (the rows a backfill batch of that size would update), then the author's fix is called for it with
/// the batch's connection and transaction. The driver saves the checkpoint in the same transaction and commits.
/// </summary>
internal sealed class DataFixBatches(
    DbConnection connection,
    IBackfillSql sql,
    DatabaseErrors errors,
    BackfillKey key,
    string schema,
    string table,
    IBackfillBatch ranges,
    Action<IDbConnection, IDbTransaction, DataFixBatch> fix) : IBackfillBatch
{
    private readonly string[] _keyColumns = key.Columns.Select(c => c.Name).ToArray();

    /// <returns>Rows in the range, the same count as "updated" (the fix was given them all), and the range's last key.</returns>
    public async Task<(long Walked, long Updated, string[]? LastKey)> RunAsync(DbTransaction transaction, IReadOnlyList<string>? after, IReadOnlyList<string> max, int size)
    {
        var (walked, _, last) = await ranges.RunAsync(transaction, after, max, size).ConfigureAwait(false);
        if (walked == 0 || last is null)
        {
            return (walked, 0, last);
        }

        var lower = after?.ToArray();
        var batch = new DataFixBatch(schema, table, _keyColumns, lower, last, alias => sql.FixCondition(key, alias, lower is not null));
        try
        {
            fix(connection, transaction, batch);
        }
        catch (Exception e) when (!errors.IsRetryableInBatch(e))
        {
            // A lock failure inside the fix is the batch's, retried whole by the driver; anything else stops the run.
            throw new DataFixFailedException(batch, e);
        }

        return (walked, walked, last);
    }

    public ValueTask DisposeAsync() => ranges.DisposeAsync();
}
