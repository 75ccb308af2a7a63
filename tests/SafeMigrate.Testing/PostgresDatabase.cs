using Npgsql;
using Xunit;

namespace SafeMigrate.Testing;

/// <summary>
/// A class fixture: a fresh, empty database on the test run's server for one test class, dropped afterwards.
/// Test classes run in parallel, each in its own database.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database is not created yet.");

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("class").ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await TestPostgres.DropDatabaseAsync(_connectionString).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one statement and returns its first column of the first row (or null).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
