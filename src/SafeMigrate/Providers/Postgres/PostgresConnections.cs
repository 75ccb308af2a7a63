using System.Net.Sockets;
using Npgsql;
using SafeMigrate.Errors;
using SafeMigrate.Connections;

namespace SafeMigrate.Providers.Postgres;

/// <summary>Opens PostgreSQL connections and turns what goes wrong into one sentence without secrets.</summary>
internal static class PostgresConnections
{
    /// <summary>Parses the connection string; a malformed one is bad input (exit 2), not a database failure.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new InvalidInputException(
                $"The PostgreSQL connection string is invalid: {ConnectionStrings.RedactSecrets(e.Message, connectionString)}", e);
        }
    }

    public static Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = Parse(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            // Lets operators see SafeMigrate's sessions in pg_stat_activity (and tell them from the app's).
            builder.ApplicationName = "safe-migrate";
        }

        return OpenAsync(builder, connectionString, cancellationToken);
    }

    /// <summary>The one way SafeMigrate opens a PostgreSQL connection: a failure is one line naming the server, secrets of <paramref name="connectionString"/> redacted.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder builder, string connectionString, CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            var where = $"{builder.Host}:{builder.Port}/{builder.Database}";
            var reason = ConnectionStrings.RedactSecrets(e.InnerException?.Message ?? e.Message, connectionString);
            throw new DatabaseFailureException($"Cannot connect to PostgreSQL at {where}: {reason}", e);
        }
    }
}
