using System.Data.Common;
using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>FluentMigrator's <c>[dbo].[VersionInfo]</c> on SQL Server (see <see cref="SqlServerStateSchema.InsertVersionSql"/> for its shape).</summary>
public static class SqlServerVersionInfoTable
{
    /// <summary>Each version in the table with its description; empty when the table does not exist.</summary>
    public static async Task<IReadOnlyDictionary<long, string>> ReadAppliedAsync(DbConnection connection, CancellationToken ct)
    {
        var result = new Dictionary<long, string>();
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = SqlServerStateSchema.VersionInfoExistsSql;
            if (Convert.ToInt32(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 1)
            {
                return result;
            }
        }

        await using var command = connection.CreateCommand();
        command.CommandText = SqlServerStateSchema.ReadVersionInfoSql;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = reader.GetString(1);
        }

        return result;
    }
}
