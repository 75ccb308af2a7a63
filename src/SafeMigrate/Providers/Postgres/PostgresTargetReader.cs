using Npgsql;

namespace SafeMigrate.Providers.Postgres;

/// <summary>Reads the major version of a live server, once per run.</summary>
internal static class PostgresTargetReader
{
    /// <exception cref="Errors.DatabaseFailureException">The server is older than PostgreSQL 12.</exception>
    public static async Task<PostgresTarget> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", connection);
        var number = (int)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        return PostgresTarget.FromServerVersionNum(number);
    }
}
