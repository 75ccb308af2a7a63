using Npgsql;

namespace ZeroDowntime.Verification;

/// <summary>
/// The shop's schema (schema public) at the end of a run, one line per table, column, index, constraint,
/// view and trigger, so that the end states of the two runs can be compared: SafeMigrate must leave exactly
/// what plain FluentMigrator leaves, and nothing of its own (compatibility views, sync triggers, shadow columns).
/// </summary>
public static class SchemaSnapshot
{
    private const string Sql = """
        SELECT 'table ' || c.relname || ' (' || CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' ELSE c.relkind::text END || ')'
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'p')
        UNION ALL
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
               || coalesce('(' || character_maximum_length || ')', '')
               || CASE is_nullable WHEN 'NO' THEN ' NOT NULL' ELSE ' NULL' END
               || coalesce(' DEFAULT ' || column_default, '')
               || CASE is_identity WHEN 'YES' THEN ' IDENTITY ' || identity_generation ELSE '' END
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass || '.' || conname || ': ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u', 'c', 'x')
        UNION ALL
        SELECT 'trigger ' || tgrelid::regclass || '.' || tgname
        FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
        ORDER BY 1
        """;

    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    /// <summary>Lines only in <paramref name="actual"/> (+) or only in <paramref name="expected"/> (-).</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<string> expected, IReadOnlyList<string> actual) =>
    [
        .. actual.Except(expected).Select(line => "+ " + line),
        .. expected.Except(actual).Select(line => "- " + line),
    ];
}
