using Npgsql;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// What one app version does with the table under change: an INSERT with parameters @id and @value, and a SELECT of
/// the value (as text) of row @id. The old version uses the old names and types, the new one the new names.
/// </summary>
internal sealed record VersionClient(string Name, string InsertSql, string ReadSql)
{
    public async Task InsertAsync(string connectionString, int id, string value)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("value", NpgsqlTypes.NpgsqlDbType.Unknown) { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string?> ReadAsync(string connectionString, int id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(ReadSql, connection);
        command.Parameters.AddWithValue("id", id);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
