using Npgsql;

namespace SafeMigrate.Testing;

/// <summary>
/// A database as comparable text lines, to prove that a refused command changed nothing: every schema, relation,
/// column, constraint, index, trigger and function outside the system schemas (SafeMigrate's state schema and
/// VersionInfo included), and a digest of every table's rows. Plain SQL rather than pg_dump, whose client refuses
/// servers newer than itself.
/// </summary>
public static class DatabaseDump
{
    private const string UserSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    private const string Sql = $"""
        SELECT 'schema ' || n.nspname FROM pg_namespace n WHERE {UserSchemas}
        UNION ALL
        SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {UserSchemas}
        UNION ALL
        SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE {UserSchemas} AND c.relkind IN ('r', 'p', 'v')
        UNION ALL
        SELECT 'constraint ' || n.nspname || '.' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
               || CASE WHEN con.convalidated THEN '' ELSE ' NOT VALID' END
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {UserSchemas}
        UNION ALL
        SELECT 'index ' || pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {UserSchemas}
        UNION ALL
        SELECT 'trigger ' || c.relname || '.' || t.tgname || CASE WHEN t.tgenabled = 'D' THEN ' disabled' ELSE '' END
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal
        UNION ALL
        SELECT 'function ' || n.nspname || '.' || p.proname || ' ' || md5(p.prosrc)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {UserSchemas}
        UNION ALL
        SELECT 'rows ' || n.nspname || '.' || c.relname || ' ' || coalesce((xpath('/row/d/text()',
                 query_to_xml(format('SELECT count(*) || '' '' || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), '''') AS d FROM %I.%I t', n.nspname, c.relname), false, true, '')))[1]::text, '')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {UserSchemas} AND c.relkind IN ('r', 'p')
        """;

    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var lines = new List<string>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            lines.Add(reader.GetString(0));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The advisory locks held on the server of <paramref name="connectionString"/> in its database, as "pid key" lines.</summary>
    public static async Task<IReadOnlyList<string>> AdvisoryLocksAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT l.pid || ' ' || ((l.classid::bigint << 32) | l.objid::bigint) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()
            """, connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var locks = new List<string>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            locks.Add(reader.GetString(0));
        }

        return locks;
    }
}
