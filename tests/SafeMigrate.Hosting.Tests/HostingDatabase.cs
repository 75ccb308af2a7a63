using Npgsql;
using SafeMigrate.Hosting.Tests.Migrations;
using SafeMigrate.Loading;
using SafeMigrate.Testing;

namespace SafeMigrate.Hosting.Tests;

/// <summary>A fresh database of the test run's PostgreSQL at release 1 of the test app, with rows to backfill.</summary>
internal static class HostingDatabase
{
    public static async Task<string> AtRelease1Async(string hint, int rows)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        using var assembly = MigrationAssembly.FromLoaded(typeof(M0001_CreateWidgets).Assembly);
        var release1 = MigrationUnit.FromAssembly(assembly).Where(u => u.Version == 1).ToList();
        await new SafeMigrator(connectionString).ExpandAsync(release1);
        await ExecuteAsync(connectionString, $"INSERT INTO widgets (name) SELECT 'widget ' || i FROM generate_series(1, {rows}) AS i");
        return connectionString;
    }

    public static async Task<string?> PhaseAsync(string connectionString, long version) =>
        (string?)await ScalarAsync(connectionString, $"SELECT phase FROM safe_migrate.migration_state WHERE version = {version}");

    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
