using Microsoft.Data.SqlClient;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Errors;
using SafeMigrate.Connections;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>Opens SQL Server connections and turns what goes wrong into one sentence without secrets.</summary>
internal static class SqlServerConnections
{
    public static async Task<SqlConnection> OpenAsync(string connectionString, CancellationToken ct = default)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidInputException($"The SQL Server connection string is invalid: {ConnectionStrings.RedactSecrets(e.Message, connectionString)}", e);
        }

        if (string.IsNullOrEmpty(builder.ApplicationName) || builder.ApplicationName == "Core Microsoft SqlClient Data Provider")
        {
            // Lets operators see SafeMigrate's sessions in sys.dm_exec_sessions (and tell them from the app's).
            builder.ApplicationName = "safe-migrate";
        }

        var connection = new SqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch (SqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseFailureException(
                $"Cannot connect to SQL Server at {builder.DataSource}/{builder.InitialCatalog}: {ConnectionStrings.RedactSecrets(e.Message, connectionString)}", e);
        }
    }

    /// <summary>The edition and version of the server behind <paramref name="connectionString"/>.</summary>
    public static async Task<SqlServerTarget> ReadTargetAsync(string connectionString, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(connectionString, ct).ConfigureAwait(false);
        return await SqlServerTargetReader.ReadAsync(connection, ct).ConfigureAwait(false);
    }
}
