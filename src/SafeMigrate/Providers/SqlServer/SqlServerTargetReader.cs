using System.Data.Common;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>Reads the edition and major version of a live server, once per run.</summary>
internal static class SqlServerTargetReader
{
    /// <summary>EngineEdition (2 Standard, 3 Enterprise/Developer, 4 Express, 5 Azure SQL Database, 8 Managed Instance) and the major part of ProductVersion.</summary>
    public const string Sql =
        "SELECT CAST(SERVERPROPERTY('EngineEdition') AS int), CAST(PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)), 4) AS int);";

    public static async Task<SqlServerTarget> ReadAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException("SERVERPROPERTY returned no row.");
        }

        return SqlServerTarget.FromServerProperties(reader.GetInt32(0), reader.GetInt32(1));
    }
}
