using Npgsql;
using SafeMigrate.Connections;
using SafeMigrate.Embedded;

namespace ZeroDowntime.Database;

/// <summary>
/// The PostgreSQL server the shop runs on: the one named by SAFEMIGRATE_CONNECTION, or else a throwaway
/// cluster deleted on dispose. Each run gets a fresh database of its own, dropped at the end.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly ThrowawayPostgres? _cluster;
    private readonly List<string> _databases = [];

    private PostgresServer(string adminConnectionString, ThrowawayPostgres? cluster)
    {
        _adminConnectionString = adminConnectionString;
        _cluster = cluster;
    }

    /// <summary>Where the server is, without secrets, for the terminal.</summary>
    public string Description => _cluster is null
        ? $"the server of {ConnectionStrings.EnvironmentVariable} ({ConnectionStrings.Redact(_adminConnectionString)})"
        : $"a throwaway PostgreSQL cluster on 127.0.0.1:{_cluster.Port}";

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStrings.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null);
        }

        try
        {
            var cluster = await ThrowawayPostgres.StartAsync(cancellationToken);
            return new PostgresServer(cluster.ConnectionString, cluster);
        }
        catch (PostgresNotInstalledException e)
        {
            throw new HarnessException(
                $"{e.Message} Or set {ConnectionStrings.EnvironmentVariable} to a PostgreSQL server whose user may create databases.", e);
        }
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string hint, CancellationToken cancellationToken)
    {
        var name = $"zerodowntime_{hint}_{Environment.ProcessId}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            return;
        }

        // On a server of the user's, leave nothing behind.
        try
        {
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            foreach (var name in _databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"Could not drop the databases {string.Join(", ", _databases)}: {e.Message}");
        }
    }
}
