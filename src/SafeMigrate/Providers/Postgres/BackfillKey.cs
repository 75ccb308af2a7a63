using Npgsql;
using NpgsqlTypes;
using SafeMigrate.Errors;
using SafeMigrate.Backfill;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The unique key a backfill walks in order: the primary key, or else the narrowest unique btree index whose columns
/// are all NOT NULL (a NULL would make row comparisons unknown and the row would never be reached).
/// </summary>
internal sealed record BackfillKey(string QualifiedTable, string IndexName, IReadOnlyList<BackfillKeyColumn> Columns)
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

    /// <summary>The table as SQL (<c>"schema"."table"</c>) for messages and statements.</summary>
    public static string Quote(string schema, string table) => $"{QuoteIdentifier(schema)}.{QuoteIdentifier(table)}";

    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Reads the key from the catalog and the table's oid.</summary>
    /// <exception cref="InvalidInputException">No such table, or no usable key.</exception>
    public static async Task<(BackfillKey Key, uint TableOid)> ReadAsync(NpgsqlConnection connection, string schema, string table, CancellationToken ct)
    {
        var qualified = Quote(schema, table);
        uint oid;
        char kind;
        await using (var lookup = new NpgsqlCommand(
            "SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
            connection))
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
        }

        if (kind is not ('r' or 'p'))
        {
            throw new InvalidInputException($"Cannot backfill {qualified}: it is not a table (relkind '{kind}').");
        }

        await using var command = new NpgsqlCommand(CandidatesSql, connection);
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
                return (new BackfillKey(qualified, reader.GetString(0), columns), oid);
            }
        }

        throw new InvalidInputException(
            $"Cannot backfill {qualified} in batches: it has no primary key and no unique index whose columns are all NOT NULL. " +
            "Add a primary key (or a unique index on NOT NULL columns) so the backfill can walk the rows in key order.");
    }
}
