using Npgsql;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;

namespace SafeMigrate.Providers.Postgres;

/// <summary>Reads what the planner and the expand self-check need from the live catalog.</summary>
internal static class PostgresCatalog
{
    private const string ColumnsSql = """
        SELECT n.nspname::text, c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               -- PostgreSQL 18 sets attnotnull for a NOT VALID NOT NULL too; its pg_constraint row (contype 'n') tells.
               -- Before 18 there are no 'n' rows and this is always false.
               EXISTS (SELECT 1 FROM pg_constraint con
                       WHERE con.conrelid = c.oid AND con.contype = 'n' AND NOT con.convalidated AND con.conkey[1] = a.attnum),
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

    /// <summary>Schemas, tables, views, sequences, indexes, constraints and (non-internal) triggers, SafeMigrate's schema left out.</summary>
    private const string ObjectsSql = """
        SELECT 'schema', n.nspname::text, NULL::text, n.nspname::text
        FROM pg_namespace n
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
        UNION ALL
        SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view' WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END, n.nspname::text, NULL, c.relname::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
        UNION ALL
        SELECT 'index', n.nspname::text, t.relname::text, c.relname::text
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
        UNION ALL
        SELECT 'constraint', n.nspname::text, t.relname::text, con.conname::text
        FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
        UNION ALL
        SELECT 'trigger', n.nspname::text, t.relname::text, tg.tgname::text
        FROM pg_trigger tg JOIN pg_class t ON t.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE NOT tg.tgisinternal AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
        """;

    /// <summary>The primary key and unique btree indexes of every table, by key columns (see <see cref="TableKeys"/>).</summary>
    private const string RowKeysSql = """
        SELECT n.nspname::text, t.relname::text,
               ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                     WHERE k.ord <= i.indnkeyatts ORDER BY k.ord),
               EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = t.oid AND f.confdeltype IN ('c', 'n', 'd'))
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
        WHERE t.relkind IN ('r', 'p')
          AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
          AND NOT EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS k(opclass, ord)
                          JOIN pg_opclass oc ON oc.oid = k.opclass WHERE k.ord <= i.indnkeyatts AND NOT oc.opcdefault)
        ORDER BY i.indisprimary DESC, i.indnkeyatts, ic.relname
        """;

    public static async Task<CatalogSnapshot> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var columns = new List<CatalogColumn>();
        await using (var command = new NpgsqlCommand(ColumnsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var notValid = reader.GetBoolean(5);
                columns.Add(new CatalogColumn(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4) && !notValid, notValid)
                {
                    Dependents = new ColumnDependents(reader.GetBoolean(6), reader.GetBoolean(7), reader.GetBoolean(8)),
                });
            }
        }

        var objects = new List<CatalogObject>();
        await using (var command = new NpgsqlCommand(ObjectsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                objects.Add(new CatalogObject(CatalogObjects.ParseKind(reader.GetString(0)), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
            }
        }

        var keyed = new HashSet<(string, string)>();
        await using (var command = new NpgsqlCommand(PostgresBackfillSql.KeyedTablesSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                keyed.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var keys = new Dictionary<(string, string), (List<IReadOnlyList<string>> Keys, bool DeleteActs)>();
        await using (var command = new NpgsqlCommand(RowKeysSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var table = (reader.GetString(0), reader.GetString(1));
                var entry = keys.TryGetValue(table, out var found) ? found : (Keys: new List<IReadOnlyList<string>>(), DeleteActs: reader.GetBoolean(3));
                entry.Keys.Add(reader.GetFieldValue<string[]>(2));
                keys[table] = entry;
            }
        }

        return new CatalogSnapshot(columns, PostgresIdentifiers.DefaultSchema, objects)
        {
            KeyedTables = keyed,
            RowKeys = keys.ToDictionary(k => k.Key, k => new TableKeys(k.Value.Keys, k.Value.DeleteActs)),
        };
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
