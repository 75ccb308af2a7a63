using Npgsql;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Loading;
using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Reads where each migration stands on PostgreSQL (<c>"VersionInfo"</c> and <c>safe_migrate.migration_state</c>,
/// merged by <see cref="MigrationStatuses"/>). Reads only; creates nothing.
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

        return MigrationStatuses.Merge(migrations, applied, states);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string relation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@relation) IS NOT NULL", connection);
        command.Parameters.AddWithValue("relation", relation);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
