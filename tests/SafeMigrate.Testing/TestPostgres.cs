using Npgsql;
using SafeMigrate.Embedded;

namespace SafeMigrate.Testing;

/// <summary>
/// The PostgreSQL server of this test run: the one named by <see cref="ConnectionVariable"/>, or else one
/// throwaway cluster started on first use and removed when the test process exits.
/// </summary>
public static class TestPostgres
{
    /// <summary>A superuser (or CREATEDB) connection string to an existing server for the tests to use instead.</summary>
    public const string ConnectionVariable = "SAFEMIGRATE_TEST_CONNECTION";

    private static readonly Lazy<Task<Server>> Shared = new(StartAsync);
    private static int _databaseCounter;

    /// <summary>A connection string to the server's maintenance database.</summary>
    public static async Task<string> AdminConnectionStringAsync() => (await Shared.Value.ConfigureAwait(false)).AdminConnectionString;

    /// <summary>Creates an empty database with a unique name and returns a connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string hint)
    {
        var server = await Shared.Value.ConfigureAwait(false);
        var safeHint = new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray());
        var name = $"t_{safeHint}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its sessions.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var server = await Shared.Value.ConfigureAwait(false);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        // DROP DATABASE … WITH (FORCE) is PostgreSQL 13+: end the sessions first, then drop, which works from 12.
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using (var terminate = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection))
        {
            terminate.Parameters.AddWithValue("name", name ?? string.Empty);
            await terminate.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        // DROP DATABASE waits (up to 5 s) for the terminated sessions to exit.
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task<Server> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new Server(external, null);
        }

        var cluster = await ThrowawayPostgres.StartAsync().ConfigureAwait(false);
        return new Server(cluster.ConnectionString, cluster);
    }

    private sealed record Server(string AdminConnectionString, ThrowawayPostgres? Cluster);
}
