using Npgsql;
using SafeMigrate.Catalog;
using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>Reads what a live check needs from a PostgreSQL server (<see cref="LiveDatabaseFacts"/>). Reads only.</summary>
internal static class PostgresLiveFacts
{
    public static async Task<LiveDatabaseFacts> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var versionNumber = int.Parse((string)(await ScalarAsync(connection, "SHOW server_version_num", ct).ConfigureAwait(false))!, System.Globalization.CultureInfo.InvariantCulture);
        var version = (string)(await ScalarAsync(connection, "SHOW server_version", ct).ConfigureAwait(false))!;

        var phases = new Dictionary<long, MigrationPhase>();
        var steps = new Dictionary<long, (int, string?)>();
        if (await ScalarAsync(connection, $"SELECT to_regclass('{PostgresStateSchema.MigrationStateTable}') IS NOT NULL", ct).ConfigureAwait(false) is true)
        {
            await using var command = new NpgsqlCommand($"SELECT version, phase FROM {PostgresStateSchema.MigrationStateTable}", connection);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                phases[reader.GetInt64(0)] = MigrationPhases.ParseStored(reader.GetInt64(0), reader.GetString(1));
            }
        }

        if (await ScalarAsync(connection, $"SELECT to_regclass('{PostgresStateSchema.StepStateTable}') IS NOT NULL", ct).ConfigureAwait(false) is true)
        {
            await using var command = new NpgsqlCommand(
                $"""
                SELECT s.version, count(*) FILTER (WHERE s.status = 'done')::int, max(s.description) FILTER (WHERE s.status = 'running')
                FROM {PostgresStateSchema.StepStateTable} s
                JOIN {PostgresStateSchema.MigrationStateTable} m ON m.version = s.version
                -- Only the steps of the phase the migration is in (expanding -> expand ...).
                WHERE s.phase = CASE m.phase WHEN 'expanding' THEN 'expand' WHEN 'contracting' THEN 'contract' WHEN 'rolling_back' THEN 'rollback' END
                GROUP BY s.version
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                steps[reader.GetInt64(0)] = (reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            }
        }

        var estimates = new Dictionary<(string, string), long>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT n.nspname, c.relname, c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate')
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                // reltuples is -1 (14+) or 0 for a table never vacuumed or analyzed: no estimate, rather than "empty".
                if (reader.GetInt64(2) > 0)
                {
                    estimates[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
                }
            }
        }

        return new LiveDatabaseFacts(versionNumber, version, phases, steps, estimates);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
