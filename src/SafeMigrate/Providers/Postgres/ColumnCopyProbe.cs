using Npgsql;
using SafeMigrate.Dialects;
using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Providers.Postgres;

/// <summary>The copy of one index onto the new column: <c>CREATE [UNIQUE] INDEX CONCURRENTLY name ON table</c> + <see cref="Body"/>.</summary>
/// <param name="Kind">'i' a plain index, 'u' a unique constraint's, 'p' the primary key's (see <see cref="ColumnCopySql.Note"/>).</param>
/// <param name="Body">From <c>USING</c> on: method, key columns and expressions with their collation, operator class, order and NULLS placement, INCLUDE, NULLS NOT DISTINCT, storage parameters, predicate.</param>
/// <param name="ConstraintOptions">DEFERRABLE / INITIALLY DEFERRED of the original constraint, given back with it at contract.</param>
internal sealed record IndexCopy(string OriginalName, char Kind, bool Unique, string Body, string ConstraintOptions);

/// <summary>The copy of one CHECK constraint onto the new column.</summary>
/// <param name="Definition">The constraint as <c>pg_get_constraintdef</c> gives it, the column reference rewritten, without NOT VALID.</param>
/// <param name="Validated">Whether the original is validated: the copy is validated too; a NOT VALID original stays NOT VALID.</param>
internal sealed record CheckCopy(string OriginalName, string Definition, bool Validated);

/// <summary>What is copied onto the new column, or why it cannot be (then nothing is).</summary>
internal sealed record ColumnCopies(IReadOnlyList<IndexCopy> Indexes, IReadOnlyList<CheckCopy> Checks, string? Problem)
{
    public static ColumnCopies None { get; } = new([], [], null);
}

/// <summary>
/// Writes the copies of a column's indexes and CHECK constraints by letting PostgreSQL itself rename (and retype) the
/// column on an empty temporary twin of the table, in a transaction that is rolled back:
/// <c>CREATE TEMP TABLE … (LIKE t)</c> (ACCESS SHARE on <c>t</c>, no row read), each index and check re-created on the
/// twin from its own <c>pg_get_indexdef</c> / <c>pg_get_constraintdef</c>, then <c>RENAME COLUMN</c> (and for a type
/// change <c>ALTER COLUMN … TYPE</c>, which re-parses every index and check on the column from its definition, as
/// PostgreSQL does on the real table), then the twin's definitions read back. A rename keeps every expression,
/// predicate, collation, operator class, ordering and option by column number, and the deparsed text is what a plain
/// rename of the real column would show; a retyped index or check is what a plain <c>ALTER COLUMN … TYPE</c> would
/// rebuild, and where that fails (an operator class or function that does not take the new type) the error is the
/// reason the migration is refused, at plan time. Definitions are read under <c>search_path = pg_catalog</c>, so every
/// user function, type and operator class is schema-qualified and means the same wherever the copy is created.
/// </summary>
internal static class ColumnCopyProbe
{
    private const string Twin = "_sm_copy_probe";

    /// <param name="newType">For a type change: the new type, or null for the type <paramref name="toColumn"/> already has (the shadow column, when the copy step runs). Null for a rename with <paramref name="retyped"/> false.</param>
    public static async Task<ColumnCopies> ReadAsync(
        NpgsqlConnection connection, string schema, string table, string fromColumn, string toColumn, bool retyped, string? newType, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            return await ProbeAsync(connection, transaction, schema, table, fromColumn, toColumn, retyped, newType, ct).ConfigureAwait(false);
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<ColumnCopies> ProbeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string table, string fromColumn, string toColumn, bool retyped, string? newType, CancellationToken ct)
    {
        await ExecuteAsync(connection, transaction, "SET LOCAL search_path = pg_catalog, pg_temp", ct).ConfigureAwait(false);
        var relation = RegClass(schema, table);
        if (await ScalarAsync(connection, transaction, $"SELECT to_regclass({Literal(Table(schema, table))}) IS NOT NULL AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass({Literal(Table(schema, table))}) AND attname = {Literal(fromColumn)} AND attnum > 0 AND NOT attisdropped)", ct).ConfigureAwait(false) is not true)
        {
            return ColumnCopies.None;
        }

        var attnum = $"(SELECT attnum FROM pg_attribute WHERE attrelid = {relation} AND attname = {Literal(fromColumn)} AND NOT attisdropped)";
        static string NotACopy(string comment) => $"coalesce(split_part({comment}, chr(31), 1), '') <> {Literal(ColumnCopySql.Marker)}";

        var problems = new List<string>();
        foreach (var row in await ReadRowsAsync(connection, transaction, $"""
            SELECT conname::text, CASE contype WHEN 'f' THEN 'foreign key' ELSE 'exclusion constraint' END
            FROM pg_constraint
            WHERE conrelid = {relation} AND {attnum} = ANY (conkey)
              AND (contype = 'x' OR (contype = 'f' AND cardinality(conkey) > 1))
              AND {NotACopy("obj_description(oid, 'pg_constraint')")}
            ORDER BY 1
            """, 2, ct).ConfigureAwait(false))
        {
            problems.Add($"the {row[1]} {Quote(row[0])} uses {Quote(fromColumn)} with other columns; SafeMigrate copies only single-column foreign keys, and no exclusion constraint");
        }

        // Another table's foreign key that references the column: a single-column one is copied onto the new column
        // (ColumnCopySql.CopyIncomingForeignKeys); one that references it with other columns would need a unique index on
        // all of them with the new column, which the copies do not make.
        foreach (var row in await ReadRowsAsync(connection, transaction, $"""
            SELECT conname::text, conrelid::regclass::text
            FROM pg_constraint
            WHERE confrelid = {relation} AND contype = 'f' AND {attnum} = ANY (confkey) AND cardinality(confkey) > 1
              AND {NotACopy("obj_description(oid, 'pg_constraint')")}
            ORDER BY 1
            """, 2, ct).ConfigureAwait(false))
        {
            problems.Add($"the foreign key {Quote(row[0])} of {row[1]} references {Quote(fromColumn)} with other columns; SafeMigrate copies only single-column foreign keys that reference a replaced column");
        }

        // The copy is added NOT VALID, which PostgreSQL refuses on a partitioned table ("not yet supported" through 17):
        // the copy step would stop half-way.
        foreach (var row in await ReadRowsAsync(connection, transaction, $"""
            SELECT con.conname::text, con.conrelid::regclass::text
            FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid
            WHERE con.confrelid = {relation} AND con.contype = 'f' AND con.conparentid = 0 AND r.relkind = 'p'
              AND con.confkey = ARRAY[{attnum}]::int2[]
              AND {NotACopy("obj_description(con.oid, 'pg_constraint')")}
            ORDER BY 1
            """, 2, ct).ConfigureAwait(false))
        {
            problems.Add($"the foreign key {Quote(row[0])} of the partitioned table {row[1]} references {Quote(fromColumn)}; SafeMigrate copies it NOT VALID, which PostgreSQL does not support on a partitioned table");
        }

        var indexes = new List<(string Name, string Definition, string Prefix, char Kind, bool Unique, string Options, bool Valid, bool OwnTablespace)>();
        foreach (var row in await ReadRowsAsync(connection, transaction, $"""
            SELECT ic.relname::text, pg_get_indexdef(i.indexrelid),
                   'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(ic.relname)
                     || ' ON ' || CASE WHEN ic.relkind = 'I' THEN 'ONLY ' ELSE '' END || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' ',
                   CASE con.contype WHEN 'p' THEN 'p' WHEN 'u' THEN 'u' ELSE 'i' END,
                   i.indisunique::text,
                   concat_ws(' ', CASE WHEN con.condeferrable THEN 'DEFERRABLE' END, CASE WHEN con.condeferred THEN 'INITIALLY DEFERRED' END),
                   i.indisvalid::text,
                   (ic.reltablespace <> 0)::text
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
            WHERE i.indrelid = {relation}
              AND (con.contype IS NULL OR con.contype <> 'x')
              AND ({attnum} = ANY (i.indkey::int2[])
                   OR EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
                              AND d.refclassid = 'pg_class'::regclass AND d.refobjid = i.indrelid AND d.refobjsubid = {attnum}))
              AND {NotACopy("obj_description(i.indexrelid, 'pg_class')")}
            ORDER BY 1
            """, 8, ct).ConfigureAwait(false))
        {
            indexes.Add((row[0], row[1], row[2], row[3][0], row[4] == "true", row[5], row[6] == "true", row[7] == "true"));
        }

        var checks = new List<(string Name, string Definition, bool Validated)>();
        foreach (var row in await ReadRowsAsync(connection, transaction, $"""
            SELECT conname::text, pg_get_constraintdef(oid), convalidated::text
            FROM pg_constraint
            WHERE conrelid = {relation} AND contype = 'c' AND {attnum} = ANY (conkey)
              AND left(conname, {SafeMigrateNames.Prefix.Length}) <> {Literal(SafeMigrateNames.Prefix)}
              AND {NotACopy("obj_description(oid, 'pg_constraint')")}
            ORDER BY 1
            """, 3, ct).ConfigureAwait(false))
        {
            checks.Add((row[0], row[1], row[2] == "true"));
        }

        foreach (var index in indexes)
        {
            if (!index.Valid)
            {
                problems.Add($"the index {Quote(index.Name)} is INVALID (a concurrent build that failed): drop it or REINDEX it first");
            }
            else if (index.OwnTablespace)
            {
                problems.Add($"the index {Quote(index.Name)} is in a tablespace of its own, which the copy would not keep");
            }
            else if (!index.Definition.StartsWith(index.Prefix, StringComparison.Ordinal))
            {
                problems.Add($"the definition of the index {Quote(index.Name)} could not be read ({index.Definition})");
            }
        }

        if (problems.Count > 0)
        {
            return new ColumnCopies([], [], string.Join("; ", problems));
        }

        if (indexes.Count == 0 && checks.Count == 0)
        {
            return ColumnCopies.None;
        }

        var twin = $"pg_temp.{Quote(Twin)}";
        await ExecuteAsync(connection, transaction, $"CREATE TEMP TABLE {Quote(Twin)} (LIKE {Table(schema, table)})", ct).ConfigureAwait(false);
        for (var i = 0; i < indexes.Count; i++)
        {
            var index = indexes[i];
            await ExecuteAsync(connection, transaction,
                $"CREATE {(index.Unique ? "UNIQUE " : string.Empty)}INDEX {Quote(TwinIndex(i))} ON {twin} {index.Definition[index.Prefix.Length..]}", ct).ConfigureAwait(false);
        }

        for (var i = 0; i < checks.Count; i++)
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {twin} ADD CONSTRAINT {Quote(TwinCheck(i))} {checks[i].Definition}", ct).ConfigureAwait(false);
        }

        string? targetType = newType;
        if (await ScalarAsync(connection, transaction, $"SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = {relation} AND attname = {Literal(toColumn)} AND NOT attisdropped)", ct).ConfigureAwait(false) is true)
        {
            // The copy step: the new column exists. Its type (and collation) is the target of a type change; on the twin it
            // makes way for the renamed column.
            targetType ??= (string?)await ScalarAsync(connection, transaction, $"""
                SELECT format_type(a.atttypid, a.atttypmod)
                       || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN ' COLLATE ' || quote_ident(cn.nspname) || '.' || quote_ident(co.collname) ELSE '' END
                FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                WHERE a.attrelid = {relation} AND a.attname = {Literal(toColumn)} AND NOT a.attisdropped
                """, ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {twin} DROP COLUMN {Quote(toColumn)}", ct).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"ALTER TABLE {twin} RENAME COLUMN {Quote(fromColumn)} TO {Quote(toColumn)}", ct).ConfigureAwait(false);
        if (retyped)
        {
            if (targetType is null)
            {
                throw new InvalidOperationException($"No type to probe the copies of {Quote(fromColumn)} with.");
            }

            try
            {
                await ExecuteAsync(connection, transaction, $"ALTER TABLE {twin} ALTER COLUMN {Quote(toColumn)} TYPE {targetType} USING NULL", ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState is not (PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled))
            {
                return new ColumnCopies([], [], $"an index or CHECK constraint on {Quote(fromColumn)} does not carry over to {targetType} ({e.MessageText})");
            }
        }

        var indexCopies = new List<IndexCopy>();
        for (var i = 0; i < indexes.Count; i++)
        {
            // The temporary schema is printed as pg_temp (PostgreSQL 14+) or under its own name (pg_temp_3).
            var row = await ReadRowsAsync(connection, transaction, $"""
                SELECT pg_get_indexdef(ic.oid),
                       'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(ic.relname) || ' ON ',
                       quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' ',
                       'pg_temp.' || quote_ident(c.relname) || ' '
                FROM pg_class ic JOIN pg_index i ON i.indexrelid = ic.oid JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE ic.oid = to_regclass({Literal($"pg_temp.{Quote(TwinIndex(i))}")})
                """, 4, ct).ConfigureAwait(false) is [var found] ? found : null;
            var prefix = row is null ? null : new[] { row[1] + row[2], row[1] + row[3] }.FirstOrDefault(p => row[0].StartsWith(p, StringComparison.Ordinal));
            if (prefix is null)
            {
                return new ColumnCopies([], [], $"the index {Quote(indexes[i].Name)} also uses {Quote(toColumn)}");
            }

            var index = indexes[i];
            indexCopies.Add(new IndexCopy(index.Name, index.Kind, index.Unique, row![0][prefix.Length..], index.Options));
        }

        var checkCopies = new List<CheckCopy>();
        for (var i = 0; i < checks.Count; i++)
        {
            var definition = (string?)await ScalarAsync(connection, transaction,
                $"SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = {Literal(twin)}::regclass AND conname = {Literal(TwinCheck(i))}", ct).ConfigureAwait(false);
            if (definition is null)
            {
                return new ColumnCopies([], [], $"the CHECK constraint {Quote(checks[i].Name)} also uses {Quote(toColumn)}");
            }

            const string notValid = " NOT VALID";
            checkCopies.Add(new CheckCopy(checks[i].Name, definition.EndsWith(notValid, StringComparison.Ordinal) ? definition[..^notValid.Length] : definition, checks[i].Validated));
        }

        return new ColumnCopies(indexCopies, checkCopies, null);
    }

    private static string TwinIndex(int i) => $"_sm_probe_ix_{i}";

    private static string TwinCheck(int i) => $"_sm_probe_ck_{i}";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private static async Task<List<string[]>> ReadRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, int fields, CancellationToken ct)
    {
        var rows = new List<string[]>();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var row = new string[fields];
            for (var i = 0; i < fields; i++)
            {
                row[i] = reader.GetString(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
