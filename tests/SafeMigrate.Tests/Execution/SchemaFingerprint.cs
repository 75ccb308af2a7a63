using Npgsql;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// The user schema of a database as comparable text lines: columns (type, nullability, default; order aside), indexes,
/// constraints, views, triggers and functions. SafeMigrate's state schema and FluentMigrator's VersionInfo are left out
/// (PostgreSQL 18 lists NOT NULL as constraints too, so VersionInfo is filtered from the constraints as well).
/// </summary>
internal static class SchemaFingerprint
{
    private const string Sql = """
        SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
               || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
          AND c.relkind IN ('r', 'p') AND c.relname <> 'VersionInfo'
        UNION ALL
        SELECT 'index ' || pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%' AND c.relname <> 'VersionInfo'
        UNION ALL
        SELECT 'constraint ' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
          AND c.relname <> 'VersionInfo' -- PostgreSQL 18 lists its NOT NULL constraint here
        UNION ALL
        SELECT 'view ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'v' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
        UNION ALL
        SELECT 'trigger ' || t.tgname FROM pg_trigger t WHERE NOT t.tgisinternal
        UNION ALL
        SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
        """;

    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
