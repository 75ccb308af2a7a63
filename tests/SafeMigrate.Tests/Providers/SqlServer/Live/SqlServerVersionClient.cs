using System.Data;
using System.Globalization;
using Microsoft.Data.SqlClient;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// What one app version does with the table under change on SQL Server: an INSERT with parameters @id (int) and @value
/// (nvarchar, converted by the server to the column's type, as an app's string parameter would be), and a SELECT of the
/// value of row @id. The old version uses the old names, the new one the new names.
/// </summary>
internal sealed record SqlServerVersionClient(string Name, string InsertSql, string ReadSql)
{
    public async Task InsertAsync(string connectionString, int id, string value)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(InsertSql, connection);
        command.Parameters.Add("@id", SqlDbType.Int).Value = id;
        command.Parameters.Add("@value", SqlDbType.NVarChar, 4000).Value = value;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string?> ReadAsync(string connectionString, int id)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(ReadSql, connection);
        command.Parameters.Add("@id", SqlDbType.Int).Value = id;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    public override string ToString() => Name;
}
