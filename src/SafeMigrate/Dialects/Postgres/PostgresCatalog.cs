using Npgsql;
using SafeMigrate.Planning;

namespace SafeMigrate.Dialects.Postgres;

/// <summary>Reads what the planner and the expand self-check need from the live catalog.</summary>
public static class PostgresCatalog
{
    private const string ColumnsSql = """
        SELECT n.nspname::text, c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class i ON i.oid = d.objid AND i.relkind IN ('i', 'I')
                       WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid AND d.refobjsubid = a.attnum),
               EXISTS (SELECT 1 FROM pg_constraint k WHERE k.contype = 'c' AND k.conrelid = c.oid AND a.attnum = ANY (k.conkey)),
               EXISTS (SELECT 1 FROM pg_constraint k WHERE k.contype = 'f'
                       AND ((k.conrelid = c.oid AND a.attnum = ANY (k.conkey)) OR (k.confrelid = c.oid AND a.attnum = ANY (k.confkey))))
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate')
          AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
          AND left(a.attname, 4) <> '_sm_'
        """;

    public static async Task<CatalogSnapshot> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var columns = new List<CatalogColumn>();
        await using var command = new NpgsqlCommand(ColumnsSql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            columns.Add(new CatalogColumn(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4))
            {
                Dependents = new ColumnDependents(reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(7)),
            });
        }

        return new CatalogSnapshot(columns);
    }

    /// <summary>
    /// The server's version and the session's <c>TimeZone</c>, on the runner's own connection: it was opened from the
    /// same connection string FluentMigrator would use and SafeMigrate never SETs the zone, so this is the zone under
    /// which a plain <c>ALTER COLUMN … TYPE</c> would convert the values.
    /// </summary>
    public static async Task<ServerSettings> ReadServerSettingsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int, current_setting('TimeZone')", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new ServerSettings(reader.GetInt32(0), reader.GetString(1));
    }

    /// <summary>
    /// Each type as <c>format_type</c> spells it (<c>varchar(100)</c> → <c>character varying(100)</c>), by declaring a
    /// temporary table in a transaction that is rolled back. Types PostgreSQL does not know map to themselves.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> NormalizeTypesAsync(NpgsqlConnection connection, IEnumerable<string> types, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in types.Distinct(StringComparer.Ordinal))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            try
            {
                await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE _sm_type_probe (c {type}) ON COMMIT DROP", connection, transaction))
                {
                    await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await using var read = new NpgsqlCommand(
                    "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'pg_temp._sm_type_probe'::regclass AND attname = 'c'",
                    connection,
                    transaction);
                result[type] = (string)(await read.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            }
            catch (PostgresException)
            {
                result[type] = type;
            }
            finally
            {
                await transaction.RollbackAsync(ct).ConfigureAwait(false);
            }
        }

        return result;
    }
}
