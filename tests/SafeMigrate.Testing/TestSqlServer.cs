using Microsoft.Data.SqlClient;

namespace SafeMigrate.Testing;

/// <summary>
/// A throwaway database on the SQL Server named by <see cref="ConnectionVariable"/>: created empty for one test
/// (<c>sm_test_&lt;guid&gt;</c>) and dropped at dispose, its sessions ended first.
/// </summary>
public sealed class TestSqlServer : IAsyncDisposable
{
    /// <summary>A connection string of a login that may create databases (e.g. <c>sa</c> of a test container).</summary>
    public const string ConnectionVariable = "SAFEMIGRATE_TEST_SQLSERVER";

    public const string SkipReason =
        "SQL Server: set " + ConnectionVariable + " to a connection string of a login that may create databases " +
        "(e.g. Server=localhost,1433;User Id=sa;Password=...;TrustServerCertificate=True;Encrypt=False) to run";

    private const string DatabasePrefix = "sm_test_";

    private readonly string _serverConnectionString;
    private int _disposed;

    private TestSqlServer(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = name }.ConnectionString;
    }

    public static bool IsConfigured => !string.IsNullOrWhiteSpace(ServerConnectionString);

    private static string? ServerConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable);

    /// <summary>The database's name: <c>sm_test_</c> and 32 hex digits.</summary>
    public string Name { get; }

    /// <summary>The server's connection string with the database as its Initial Catalog.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database; the caller disposes it.</summary>
    /// <exception cref="InvalidOperationException"><see cref="ConnectionVariable"/> is not set (the test should have been skipped).</exception>
    public static async Task<TestSqlServer> CreateDatabaseAsync()
    {
        var server = ServerConnectionString;
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(SkipReason + ".");
        }

        var database = new TestSqlServer(server, DatabasePrefix + Guid.NewGuid().ToString("N"));
        await database.ExecuteOnServerAsync(CreateDatabaseSql(database.Name)).ConfigureAwait(false);
        return database;
    }

    /// <summary>CREATE DATABASE for a name made by this class (letters, digits and '_' only, so bracket quoting is enough).</summary>
    public static string CreateDatabaseSql(string name) => $"CREATE DATABASE {Quote(name)};";

    /// <summary>
    /// Ends every session in the database (SINGLE_USER WITH ROLLBACK IMMEDIATE rolls back their open transactions) and
    /// drops it: a test that failed halfway may leave a connection of the library or of a client open in it.
    /// </summary>
    public static string DropDatabaseSql(string name) => $"""
        IF DB_ID(N'{name.Replace("'", "''", StringComparison.Ordinal)}') IS NOT NULL
        BEGIN
            ALTER DATABASE {Quote(name)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
            DROP DATABASE {Quote(name)};
        END;
        """;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Pooled connections to the database would be broken by the drop; the next test must not be handed one.
        SqlConnection.ClearAllPools();
        await ExecuteOnServerAsync(DropDatabaseSql(Name)).ConfigureAwait(false);
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        // The server's default database (master for sa): CREATE and DROP DATABASE cannot run inside the database itself.
        await using var connection = new SqlConnection(_serverConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static string Quote(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";
}
