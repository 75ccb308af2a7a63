using Npgsql;
using SafeMigrate.Connections;
using SafeMigrate.Errors;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// PostgreSQL 18: the columns whose NOT NULL constraint is NOT VALID (a contract stopped between adding it and
/// validating it, or someone added one by hand). <c>attnotnull</c> already reads true for them, but existing rows are
/// not proved: only <c>pg_constraint.convalidated</c> (contype 'n') tells. Before 18 the list is always empty. Reads only.
/// </summary>
internal static class PostgresUnprovedNotNulls
{
    private const string Sql = """
        SELECT format('%I.%I.%I (%I)', n.nspname, c.relname, a.attname, con.conname)
        FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
        WHERE con.contype = 'n' AND NOT con.convalidated
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate')
        ORDER BY 1
        """;

    /// <returns>One entry per column: <c>schema.table.column (constraint)</c>, quoted where needed.</returns>
    public static async Task<IReadOnlyList<string>> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var columns = new List<string>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}
