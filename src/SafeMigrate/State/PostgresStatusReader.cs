using Npgsql;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Loading;

namespace SafeMigrate.State;

/// <summary>
/// Reads where each migration stands on PostgreSQL: SafeMigrate's own state where it has any, otherwise
/// FluentMigrator's <c>VersionInfo</c> (a version there without SafeMigrate state was applied by plain
/// FluentMigrator, so it counts as fully applied), otherwise pending. Reads only; creates nothing.
/// </summary>
public static class PostgresStatusReader
{
    /// <param name="migrations">The assembly's migrations, or null to list only what the database knows.</param>
    public static async Task<IReadOnlyList<MigrationStatus>> ReadAsync(
        string connectionString, IReadOnlyList<MigrationDescriptor>? migrations, CancellationToken cancellationToken = default)
    {
        var applied = new Dictionary<long, string>();
        var states = new Dictionary<long, (string Description, MigrationPhase Phase)>();

        await using var connection = await PostgresConnections.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            if (await ExistsAsync(connection, "\"VersionInfo\"", cancellationToken).ConfigureAwait(false))
            {
                await using var command = new NpgsqlCommand("SELECT \"Version\", coalesce(\"Description\", '') FROM \"VersionInfo\"", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied[reader.GetInt64(0)] = reader.GetString(1);
                }
            }

            if (await ExistsAsync(connection, PostgresStateSchema.MigrationStateTable, cancellationToken).ConfigureAwait(false))
            {
                await using var command = new NpgsqlCommand(
                    $"SELECT version, description, phase FROM {PostgresStateSchema.MigrationStateTable}", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    states[reader.GetInt64(0)] = (reader.GetString(1), MigrationPhases.Parse(reader.GetString(2)));
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseFailureException(
                $"Reading migration state failed: {ConnectionStrings.RedactSecrets(e.Message, connectionString)}", e);
        }

        var known = migrations?.ToDictionary(m => m.Version, m => m.Description) ?? [];
        var versions = known.Keys.Concat(applied.Keys).Concat(states.Keys).Distinct().Order();
        return versions.Select(version =>
        {
            var description = known.GetValueOrDefault(version)
                ?? (states.TryGetValue(version, out var s) ? s.Description : null)
                ?? applied.GetValueOrDefault(version)
                ?? string.Empty;
            var phase = states.TryGetValue(version, out var state) ? state.Phase
                : applied.ContainsKey(version) ? MigrationPhase.Contracted
                : MigrationPhase.Pending;
            return new MigrationStatus(version, description, phase, migrations is null || known.ContainsKey(version));
        }).ToList();
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string relation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@relation) IS NOT NULL", connection);
        command.Parameters.AddWithValue("relation", relation);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
