using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// PostgreSQL's part of a backfill: the key from <c>pg_index</c>, the row estimate from <c>pg_class.reltuples</c>, and
/// one prepared statement per batch (<see cref="PostgresBackfillStatements"/>).
/// </summary>
internal sealed class PostgresBackfillSql : IBackfillSql
{
    // indkey, indclass and indcollation are 0-based vectors; only the first indnkeyatts entries are key columns
    // (the rest are INCLUDE columns, which the index cannot order by). A non-default operator class (text_pattern_ops…)
    // does not serve the plain < and > operators, so such an index cannot bound a range.
    private const string CandidatesSql = """
        SELECT ic.relname::text,
               array_agg(a.attname::text ORDER BY k.ord),
               array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord),
               array_agg(CASE WHEN co.oid IS NOT NULL AND co.oid <> a.attcollation
                              THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END ORDER BY k.ord),
               bool_and(a.attnotnull) AND bool_and(oc.opcdefault)
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        JOIN pg_opclass oc ON oc.oid = i.indclass[(k.ord - 1)::int]
        LEFT JOIN pg_collation co ON co.oid = i.indcollation[(k.ord - 1)::int]
        LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        WHERE i.indrelid = $1
          AND i.indisunique AND i.indisvalid AND i.indisready
          AND i.indpred IS NULL AND i.indexprs IS NULL
          AND k.ord <= i.indnkeyatts
        GROUP BY ic.relname, i.indisprimary, i.indnkeyatts
        ORDER BY i.indisprimary DESC, i.indnkeyatts, ic.relname
        """;

    /// <summary>
    /// The tables that have a key <see cref="CandidatesSql"/> would pick (the same conditions, for every table at once):
    /// what the planner reads to refuse a backfill of a table without one before anything runs.
    /// </summary>
    internal const string KeyedTablesSql = """
        SELECT DISTINCT n.nspname::text, t.relname::text
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
        WHERE t.relkind IN ('r', 'p')
          AND i.indisunique AND i.indisvalid AND i.indisready
          AND i.indpred IS NULL AND i.indexprs IS NULL
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
          AND NOT EXISTS (
              SELECT 1
              FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              JOIN pg_opclass oc ON oc.oid = i.indclass[(k.ord - 1)::int]
              WHERE k.ord <= i.indnkeyatts AND NOT (a.attnotnull AND oc.opcdefault))
        """;

    public static PostgresBackfillSql Instance { get; } = new();

    public int? MaxBatchSize => null;

    public string Quote(string schema, string table) => $"{PostgresIdentifiers.Quote(schema)}.{PostgresIdentifiers.Quote(table)}";

    /// <summary>
    /// ISO dates and exact floats make the text form of a key (the checkpoint) read back to the same value. lock_timeout
    /// is the session's (set when the connection was opened): it bounds how long a batch waits for row locks the
    /// application holds. statement_timeout is left alone: a batch is short by construction and must not be killed
    /// halfway through a slow trigger.
    /// </summary>
    public async Task ConfigureSessionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT set_config('DateStyle', 'ISO', false), set_config('extra_float_digits', '3', false)";
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <exception cref="InvalidInputException">No such table, or no usable key.</exception>
    public async Task<(BackfillKey Key, long? EstimatedRows)> ReadKeyAsync(DbConnection connection, string schema, string table, CancellationToken ct)
    {
        var npgsql = (NpgsqlConnection)connection;
        var qualified = Quote(schema, table);
        uint oid;
        char kind;
        long reltuples;
        await using (var lookup = new NpgsqlCommand(
            "SELECT c.oid, c.relkind, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
            npgsql))
        {
            lookup.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = schema });
            lookup.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = table });
            await using var reader = await lookup.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                throw new InvalidInputException($"Cannot backfill {qualified}: no such table in the database.");
            }

            oid = reader.GetFieldValue<uint>(0);
            kind = reader.GetChar(1);
            reltuples = reader.GetInt64(2);
        }

        if (kind is not ('r' or 'p'))
        {
            throw new InvalidInputException($"Cannot backfill {qualified}: it is not a table (relkind '{kind}').");
        }

        // The planner's row estimate is free, where count(*) would scan the table; -1 (PostgreSQL 14+) or 0: never analyzed.
        var estimate = reltuples > 0 ? reltuples : (long?)null;
        await using var command = new NpgsqlCommand(CandidatesSql, npgsql);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Oid, Value = oid });
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (!reader.GetBoolean(4))
                {
                    continue;
                }

                var names = reader.GetFieldValue<string[]>(1);
                var types = reader.GetFieldValue<string[]>(2);
                var collations = reader.GetFieldValue<string?[]>(3);
                var columns = names.Select((name, i) => new BackfillKeyColumn(name, types[i], collations[i])).ToArray();
                return (new BackfillKey(qualified, reader.GetString(0), columns), estimate);
            }
        }

        throw new InvalidInputException(
            $"Cannot backfill {qualified} in batches: it has no primary key and no unique index whose columns are all NOT NULL. " +
            "Add a primary key (or a unique index on NOT NULL columns) so the backfill can walk the rows in key order.");
    }

    public async Task<string[]?> ReadMaxKeyAsync(DbConnection connection, BackfillKey key, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = PostgresBackfillStatements.MaxKeySql(key);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return Enumerable.Range(0, key.Width).Select(reader.GetString).ToArray();
    }

    public async Task<IBackfillBatch> PrepareBatchAsync(DbConnection connection, BackfillKey key, string setClause, string? predicate, CancellationToken ct)
    {
        var statements = new PostgresBackfillStatements(key, setClause, predicate);
        var npgsql = (NpgsqlConnection)connection;
        var first = await PrepareAsync(npgsql, statements.FirstBatchSql, 1 + key.Width, ct).ConfigureAwait(false);
        var next = await PrepareAsync(npgsql, statements.NextBatchSql, 1 + (2 * key.Width), ct).ConfigureAwait(false);
        return new Batch(first, next, key.Width);
    }

    public async Task<IBackfillBatch> PrepareRangeAsync(DbConnection connection, BackfillKey key, CancellationToken ct)
    {
        var npgsql = (NpgsqlConnection)connection;
        var first = await PrepareAsync(npgsql, PostgresBackfillStatements.FirstRangeSql(key), 1 + key.Width, ct).ConfigureAwait(false);
        var next = await PrepareAsync(npgsql, PostgresBackfillStatements.NextRangeSql(key), 1 + (2 * key.Width), ct).ConfigureAwait(false);
        return new Batch(first, next, key.Width);
    }

    public string FixCondition(BackfillKey key, string? alias, bool hasLowerBound) => PostgresBackfillStatements.FixCondition(key, alias, hasLowerBound);

    /// <summary>Prepared once per run: each batch then costs one Bind/Execute, no parse nor plan lookup.</summary>
    private static async Task<NpgsqlCommand> PrepareAsync(NpgsqlConnection connection, string sql, int parameterCount, CancellationToken ct)
    {
        var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameterCount - 1; i++)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        }

        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer });
        await command.PrepareAsync(ct).ConfigureAwait(false);
        return command;
    }

    private sealed class Batch(NpgsqlCommand first, NpgsqlCommand next, int width) : IBackfillBatch
    {
        public async Task<(long Walked, long Updated, string[]? LastKey)> RunAsync(DbTransaction transaction, IReadOnlyList<string>? after, IReadOnlyList<string> max, int size)
        {
            var command = after is null ? first : next;
            command.Transaction = (NpgsqlTransaction)transaction;
            var index = 0;
            foreach (var value in after ?? [])
            {
                command.Parameters[index++].Value = value;
            }

            foreach (var value in max)
            {
                command.Parameters[index++].Value = value;
            }

            command.Parameters[index].Value = size;
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            var walked = reader.GetInt64(0);
            var updated = reader.GetInt64(1);
            var lastKey = reader.IsDBNull(2) ? null : Enumerable.Range(2, width).Select(reader.GetString).ToArray();
            return (walked, updated, lastKey);
        }

        /// <summary>The statements are the session's: unprepared, so that a long-lived session does not keep them.</summary>
        public async ValueTask DisposeAsync()
        {
            foreach (var command in new[] { first, next })
            {
                if (command.Connection is { State: System.Data.ConnectionState.Open })
                {
                    await command.UnprepareAsync(CancellationToken.None).ConfigureAwait(false);
                }

                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
