using System.Data.Common;
using System.Globalization;
using SafeMigrate.Backfill;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Execution;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// SQL Server's part of a backfill: the key from <c>sys.indexes</c>, the row count from <c>sys.partitions</c>, and one
/// batch statement per round trip (<see cref="SqlServerBackfillStatements"/>), batches kept under lock escalation.
/// </summary>
internal sealed class SqlServerBackfillSql : IBackfillSql
{
    public static SqlServerBackfillSql Instance { get; } = new();

    public int? MaxBatchSize => SqlServerBackfillStatements.MaxBatchSize;

    public string Quote(string schema, string table) => SqlServerIdentifiers.Table(schema, table);

    /// <summary>Nothing to set: every connection already has LOCK_TIMEOUT, and key text forms do not depend on session settings for the key types allowed.</summary>
    public Task ConfigureSessionAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public async Task<(BackfillKey Key, long? EstimatedRows)> ReadKeyAsync(DbConnection connection, string schema, string table, CancellationToken ct)
    {
        var qualified = Quote(schema, table);
        string? index = null;
        var columns = new List<BackfillKeyColumn>();
        await using (var command = connection.Command(SqlServerBackfillStatements.KeySql(schema, table), null, []))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                index = reader.GetString(0);
                var (column, typeName, type) = (reader.GetString(1), reader.GetString(2), reader.GetString(3));
                if (!SqlServerBackfillStatements.KeyTypes.Contains(typeName))
                {
                    throw new InvalidInputException(
                        $"Cannot backfill {qualified} in batches: its key column [{column}] is of type {typeName}; integer, character and uniqueidentifier keys are supported.");
                }

                columns.Add(new BackfillKeyColumn(column, type, null));
            }
        }

        if (index is null)
        {
            throw new InvalidInputException(
                $"Cannot backfill {qualified} in batches: it has no primary key and no unique index whose columns are all NOT NULL. " +
                "Add a primary key (or a unique index on NOT NULL columns) so the backfill can walk the rows in key order.");
        }

        var rows = await connection.ScalarAsync(SqlServerBackfillStatements.EstimateSql(schema, table), null, ct).ConfigureAwait(false);
        var estimate = rows is null ? (long?)null : Convert.ToInt64(rows, CultureInfo.InvariantCulture);
        return (new BackfillKey(qualified, index, columns), estimate > 0 ? estimate : null);
    }

    public async Task<string[]?> ReadMaxKeyAsync(DbConnection connection, BackfillKey key, CancellationToken ct)
    {
        await using var command = connection.Command(SqlServerBackfillStatements.MaxKeySql(key), null, []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return Enumerable.Range(0, key.Width).Select(reader.GetString).ToArray();
    }

    public Task<IBackfillBatch> PrepareBatchAsync(DbConnection connection, BackfillKey key, string setClause, string? predicate, CancellationToken ct)
    {
        var statements = new SqlServerBackfillStatements(key, setClause, predicate);
        return Task.FromResult<IBackfillBatch>(new Batch(connection, statements.FirstBatchSql, statements.NextBatchSql, key.Width));
    }

    public Task<IBackfillBatch> PrepareRangeAsync(DbConnection connection, BackfillKey key, CancellationToken ct) =>
        Task.FromResult<IBackfillBatch>(new Batch(connection, SqlServerBackfillStatements.FirstRangeSql(key), SqlServerBackfillStatements.NextRangeSql(key), key.Width));

    public string FixCondition(BackfillKey key, string? alias, bool hasLowerBound) => SqlServerBackfillStatements.FixCondition(key, alias, hasLowerBound);

    /// <summary>Sent as a parameterised batch each time: sp_executesql caches its plan, so there is nothing to prepare.</summary>
    private sealed class Batch(DbConnection connection, string firstSql, string nextSql, int width) : IBackfillBatch
    {
        public async Task<(long Walked, long Updated, string[]? LastKey)> RunAsync(DbTransaction transaction, IReadOnlyList<string>? after, IReadOnlyList<string> max, int size)
        {
            var parameters = new List<(string, object)>();
            for (var i = 0; i < width; i++)
            {
                if (after is not null)
                {
                    parameters.Add(($"after_{i}", after[i]));
                }

                parameters.Add(($"max_{i}", max[i]));
            }

            parameters.Add(("batch_size", size));

            // A batch may wait for its row locks: LOCK_TIMEOUT bounds that wait, so no client-side command timeout.
            await using var command = connection.Command(after is null ? firstSql : nextSql, transaction, [.. parameters], commandTimeout: 0);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            var walked = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            var updated = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            var lastKey = reader.IsDBNull(2) ? null : Enumerable.Range(2, width).Select(reader.GetString).ToArray();
            return (walked, updated, lastKey);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
