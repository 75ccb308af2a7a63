using Npgsql;
using SafeMigrate.Execution;
using SafeMigrate.Planning;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Loading;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// Takes a release through expand → rollback → expand → contract on a fresh database and, after each step, has the old
/// and the new app version write rows and read each other's. After contract the schema must equal what plain
/// FluentMigrator makes of the same migrations on another fresh database. Before all that, the expand is made to fail
/// at every step in turn and rolled back each time: nothing that existed before may change (<see cref="FaultInjection"/>).
/// </summary>
internal static class ReleaseHarness
{
    public static SafeMigratorOptions Options => new() { BatchSize = 2, LockTimeout = TimeSpan.FromSeconds(2) };

    /// <param name="setupSql">The schema and rows the old version runs on.</param>
    /// <param name="oldClient">Null when the old version does not touch the changed object (only the new one is checked).</param>
    /// <param name="value">The value written for a row id (as text PostgreSQL casts to the column's type).</param>
    /// <param name="afterContract">Extra checks on the contracted database.</param>
    /// <param name="beforeRollback">What a team does before rolling back (e.g. fill a dropped NOT NULL column in the rows the new version wrote).</param>
    public static async Task RunAsync(
        string setupSql,
        IReadOnlyList<MigrationUnit> migrations,
        VersionClient? oldClient,
        VersionClient newClient,
        Func<int, string>? value = null,
        Func<string, Task>? afterExpand = null,
        Func<string, Task>? afterContract = null,
        Func<string, Task>? beforeRollback = null)
    {
        value ??= id => "v" + id;
        var connectionString = await TestPostgres.CreateDatabaseAsync("release");
        var plainConnectionString = await TestPostgres.CreateDatabaseAsync("plain");
        try
        {
            await ExecuteAsync(connectionString, setupSql);
            await FaultInjection.RollBackAfterEveryFaultAsync(connectionString, migrations, Options);
            var migrator = new SafeMigrator(connectionString, Options);
            var id = 1000;

            await migrator.ExpandAsync(migrations);
            await ExchangeAsync(connectionString, oldClient, newClient, value, ref id);
            if (afterExpand is not null)
            {
                await afterExpand(connectionString);
            }

            if (beforeRollback is not null)
            {
                await beforeRollback(connectionString);
            }

            await migrator.RollbackAsync(migrations);
            if (oldClient is not null)
            {
                var rolledBack = ++id;
                await oldClient.InsertAsync(connectionString, rolledBack, value(rolledBack));
                Assert.Equal(value(rolledBack), await oldClient.ReadAsync(connectionString, rolledBack));
            }

            Assert.Empty(await VersionInfoAsync(connectionString, migrations));

            await migrator.ExpandAsync(migrations);
            var (oldRow, _) = await ExchangeAsync(connectionString, oldClient, newClient, value, ref id);
            Assert.Equal(migrations.Select(m => m.Version).Order(), await VersionInfoAsync(connectionString, migrations));

            await migrator.ContractAsync(migrations);
            var afterRow = ++id;
            await newClient.InsertAsync(connectionString, afterRow, value(afterRow));
            Assert.Equal(value(afterRow), await newClient.ReadAsync(connectionString, afterRow));
            if (oldRow is { } row)
            {
                // A row the old version wrote during the overlap survives contract, readable by the new version.
                Assert.Equal(value(row), await newClient.ReadAsync(connectionString, row));
            }

            var phases = await migrator.StatusAsync(migrations);
            Assert.All(phases.Values, phase => Assert.Equal(SafeMigrate.State.MigrationPhase.Contracted, phase));
            if (afterContract is not null)
            {
                await afterContract(connectionString);
            }

            await ExecuteAsync(plainConnectionString, setupSql);
            PlainFluentMigrator.Apply(plainConnectionString, migrations);
            Assert.Equal(await SchemaFingerprint.ReadAsync(plainConnectionString), await SchemaFingerprint.ReadAsync(connectionString));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
            await TestPostgres.DropDatabaseAsync(plainConnectionString);
        }
    }

    private static Task<(int? OldRow, int NewRow)> ExchangeAsync(string connectionString, VersionClient? oldClient, VersionClient newClient, Func<int, string> value, ref int id)
    {
        var oldRow = oldClient is null ? (int?)null : ++id;
        var newRow = ++id;
        return ExchangeAsync(connectionString, oldClient, newClient, value, oldRow, newRow);
    }

    private static async Task<(int? OldRow, int NewRow)> ExchangeAsync(string connectionString, VersionClient? oldClient, VersionClient newClient, Func<int, string> value, int? oldRow, int newRow)
    {
        if (oldClient is not null && oldRow is { } o)
        {
            await oldClient.InsertAsync(connectionString, o, value(o));
            Assert.Equal(value(o), await oldClient.ReadAsync(connectionString, o));
            Assert.Equal(value(o), await newClient.ReadAsync(connectionString, o));
        }

        await newClient.InsertAsync(connectionString, newRow, value(newRow));
        Assert.Equal(value(newRow), await newClient.ReadAsync(connectionString, newRow));
        if (oldClient is not null)
        {
            Assert.Equal(value(newRow), await oldClient.ReadAsync(connectionString, newRow));
        }

        return (oldRow, newRow);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    private static async Task<List<long>> VersionInfoAsync(string connectionString, IReadOnlyList<MigrationUnit> migrations)
    {
        var exists = await ScalarAsync(connectionString, "SELECT to_regclass('\"VersionInfo\"') IS NOT NULL");
        if (exists is not true)
        {
            return [];
        }

        var versions = new List<long>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Version\" FROM \"VersionInfo\" ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions.Where(v => migrations.Any(m => m.Version == v)).ToList();
    }
}
