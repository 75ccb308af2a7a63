using Npgsql;
using SafeMigrate.Dialects;
using SafeMigrate.Execution;
using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The two step kinds only PostgreSQL plans, both outside any transaction: an idempotent concurrent index build, and
/// the copy of a column's indexes onto its replacement (read from the catalog when the step runs).
/// </summary>
internal sealed class PostgresIndexBuilds(NpgsqlConnection connection, SafeMigratorOptions options, RetryPolicy retry)
{
    public Task RunAsync(ConcurrentIndexStep step, CancellationToken ct) =>
        CreateIndexConcurrentlyAsync(step.Schema, step.IndexName, step.CreateSql, step.Description, ct);

    /// <summary>
    /// CREATE INDEX CONCURRENTLY, made idempotent: a valid index of that name means done; an invalid one (a build that
    /// failed or was killed) is dropped concurrently first. lock_timeout is lifted for the build: it waits for every
    /// transaction older than itself (a lock wait on their virtual xids) while holding only SHARE UPDATE EXCLUSIVE,
    /// which the app's reads and writes do not conflict with.
    /// </summary>
    private async Task CreateIndexConcurrentlyAsync(string schema, string indexName, string createSql, string what, CancellationToken ct)
    {
        await retry.RunAsync(what, async () =>
        {
            var valid = await IndexValidityAsync(schema, indexName, ct).ConfigureAwait(false);
            if (valid is true)
            {
                return;
            }

            if (valid is false)
            {
                await ExecuteAsync(ColumnCopySql.DropInvalidIndex(schema, indexName), null, ct).ConfigureAwait(false);
            }

            await ExecuteAsync("SET lock_timeout = 0", null, ct).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(createSql, null, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (!PostgresErrors.Instance.IsLockFailure(e))
            {
                // A failed concurrent build (duplicates for a unique index, say) leaves an INVALID index that would
                // still slow every write down: remove it before reporting.
                await ExecuteAsync(ColumnCopySql.DropInvalidIndex(schema, indexName), null, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            finally
            {
                await ExecuteAsync($"SET lock_timeout = {(long)options.LockTimeout.TotalMilliseconds}", null, CancellationToken.None).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);
    }

    private async Task<bool?> IndexValidityAsync(string schema, string indexName, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relname = @name",
            connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("name", indexName);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as bool?;
    }

    public async Task RunAsync(CopyColumnIndexesStep step, CancellationToken ct)
    {
        var indexes = new List<(string Name, bool Unique, string Kind, string Method, string[] Columns, bool Unsupported)>();
        await using (var command = new NpgsqlCommand(ColumnCopySql.ListIndexesOnColumn(step.Schema, step.Relation, step.FromColumn), connection))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                indexes.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.GetBoolean(5)));
            }
        }

        foreach (var index in indexes)
        {
            if (index.Unsupported)
            {
                options.Log?.Invoke($"  index {Quote(index.Name)} has expressions or a predicate: not copied; recreate it on {Quote(step.ToColumn)} yourself");
                continue;
            }

            var copyName = SafeMigrateNames.For("ix", step.Schema, step.Relation, index.Name, step.ToColumn);
            var columns = index.Columns.Select(c => c == step.FromColumn ? step.ToColumn : c).ToList();
            var sql = ColumnCopySql.CreateIndexCopy(step.Schema, step.Relation, copyName, index.Unique, index.Method, columns);
            await CreateIndexConcurrentlyAsync(step.Schema, copyName, sql, $"copy of index {index.Name}", ct).ConfigureAwait(false);
            await ExecuteAsync(ColumnCopySql.CommentIndexCopy(step.Schema, copyName, index.Kind[0], step.FromColumn, index.Name), null, ct).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(string sql, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
