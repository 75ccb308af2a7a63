using System.Data.Common;
using SafeMigrate.Errors;

namespace SafeMigrate.Loading;

/// <summary>Parsing provider names given by users and inferring the provider from a connection string.</summary>
internal static class DatabaseProviders
{
    /// <summary>The names users may type, in the order shown in messages.</summary>
    public static IReadOnlyList<string> Names { get; } = ["postgres", "sqlserver"];

    public static DatabaseProvider Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "postgres" or "postgresql" or "pg" or "npgsql" => DatabaseProvider.Postgres,
        "sqlserver" or "mssql" or "sql-server" or "azuresql" => DatabaseProvider.SqlServer,
        _ => throw new InvalidInputException(
            $"Unknown provider '{name}': use one of {string.Join(", ", Names)}."),
    };

    public static string ToName(this DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => "postgres",
        DatabaseProvider.SqlServer => "sqlserver",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>
    /// Infers the provider from the keywords of a connection string. the PostgreSQL driver uses Host/Server with Username;
    /// the SQL Server driver uses Data Source/Server with User ID, Initial Catalog, Trusted_Connection or Encrypt.
    /// </summary>
    public static DatabaseProvider InferFromConnectionString(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            throw new InvalidInputException(
                "The connection string is malformed: expected 'key=value' pairs separated by ';'.");
        }

        bool Has(params string[] keys) => keys.Any(builder.ContainsKey);

        if (Has("host", "username", "user name", "port", "sslmode", "ssl mode", "search path", "searchpath"))
        {
            return DatabaseProvider.Postgres;
        }

        if (Has("data source", "initial catalog", "trusted_connection", "integrated security", "encrypt",
                "trustservercertificate", "multipleactiveresultsets", "addr", "address", "network address"))
        {
            return DatabaseProvider.SqlServer;
        }

        throw new InvalidInputException(
            "Cannot tell the provider from the connection string: pass -p postgres or -p sqlserver.");
    }
}
