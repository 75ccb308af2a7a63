using FluentMigrator.Runner;
using SafeMigrate.Tests.Execution;
using Microsoft.Data.SqlClient;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// The release harness on a real SQL Server (<see cref="TestSqlServer"/>): the "before" schema is made with plain
/// FluentMigrator, then the case's migration goes through <see cref="SafeMigrator"/> expand → rollback → expand →
/// contract, and after each step the old and the new app version write rows and read each other's. After contract the
/// schema must equal what plain FluentMigrator makes of the same migrations on a second database. Only the library's
/// public entry point is used (the provider given explicitly), as a host application would.
/// </summary>
/// <remarks>
/// The PostgreSQL harness also injects a fault at every step of the expand (FaultInjection); that needs the engine's
/// internal fault points and is not repeated here.
/// </remarks>
internal static class SqlServerReleaseHarness
{
    /// <summary>Batches of two so that the nine order lines take several batches; a lock wait of five seconds, as a busy CI server may need.</summary>
    public static SafeMigratorOptions Options => new() { BatchSize = 2, LockTimeout = TimeSpan.FromSeconds(5) };

    public const string VersionInfoExistsSql = "SELECT CASE WHEN OBJECT_ID(N'[dbo].[VersionInfo]', N'U') IS NULL THEN 0 ELSE 1 END;";

    public const string ReadVersionInfoSql = "SELECT [Version] FROM [dbo].[VersionInfo] ORDER BY [Version];";

    public static async Task RunAsync(SqlServerReleaseCase release)
    {
        var value = release.Value ?? (id => "v" + id);
        var before = MigrationInstances.Collect(DatabaseProvider.SqlServer, new SqlServerReleaseCases.BeforeRelease());
        var migrations = MigrationInstances.Collect(DatabaseProvider.SqlServer, release.Migration);
        var versions = migrations.Select(m => m.Version).Order().ToList();
        var (oldClient, newClient) = (release.OldClient, release.NewClient);

        await using var safe = await TestSqlServer.CreateDatabaseAsync();
        await using var plain = await TestSqlServer.CreateDatabaseAsync();
        var database = safe.ConnectionString;
        PlainFluentMigrator.Apply(database, before, r => r.AddSqlServer2016());
        var migrator = new SafeMigrator(database, DatabaseProvider.SqlServer, Options);
        var id = 1000;

        await migrator.ExpandAsync(migrations);
        await ExchangeAsync(database, oldClient, newClient, value, ++id, ++id);
        await CheckAsync(database, release, "after the first expand", release.AfterExpand);

        await migrator.RollbackAsync(migrations);
        if (oldClient is not null)
        {
            var rolledBack = ++id;
            await oldClient.InsertAsync(database, rolledBack, value(rolledBack));
            Assert.Equal(value(rolledBack), await oldClient.ReadAsync(database, rolledBack));
        }

        Assert.Empty(await VersionInfoAsync(database, versions));

        await migrator.ExpandAsync(migrations);
        var oldRow = ++id;
        await ExchangeAsync(database, oldClient, newClient, value, oldRow, ++id);
        await CheckAsync(database, release, "after the second expand", release.AfterExpand);
        Assert.Equal(versions, await VersionInfoAsync(database, versions));

        await migrator.ContractAsync(migrations);
        var afterRow = ++id;
        await newClient.InsertAsync(database, afterRow, value(afterRow));
        Assert.Equal(value(afterRow), await newClient.ReadAsync(database, afterRow));
        if (oldClient is not null)
        {
            // A row the old version wrote during the overlap survives contract, readable by the new version.
            Assert.Equal(value(oldRow), await newClient.ReadAsync(database, oldRow));
        }

        var phases = await migrator.StatusAsync(migrations);
        Assert.Equal(versions, phases.Keys.Order());
        Assert.All(phases.Values, phase => Assert.Equal(MigrationPhase.Contracted, phase));
        await CheckAsync(database, release, "after contract", release.AfterContract);

        PlainFluentMigrator.Apply(plain.ConnectionString, before, r => r.AddSqlServer2016());
        PlainFluentMigrator.Apply(plain.ConnectionString, migrations, r => r.AddSqlServer2016());
        Assert.Equal(await SqlServerSchemaFingerprint.ReadAsync(plain.ConnectionString), await SqlServerSchemaFingerprint.ReadAsync(database));
    }

    /// <summary>The old version writes a row and both versions read it; then the new version writes one and both read it.</summary>
    private static async Task ExchangeAsync(
        string connectionString, SqlServerVersionClient? oldClient, SqlServerVersionClient newClient, Func<int, string> value, int oldRow, int newRow)
    {
        if (oldClient is not null)
        {
            await oldClient.InsertAsync(connectionString, oldRow, value(oldRow));
            Assert.Equal(value(oldRow), await oldClient.ReadAsync(connectionString, oldRow));
            Assert.Equal(value(oldRow), await newClient.ReadAsync(connectionString, oldRow));
        }

        await newClient.InsertAsync(connectionString, newRow, value(newRow));
        Assert.Equal(value(newRow), await newClient.ReadAsync(connectionString, newRow));
        if (oldClient is not null)
        {
            Assert.Equal(value(newRow), await oldClient.ReadAsync(connectionString, newRow));
        }
    }

    private static async Task CheckAsync(string connectionString, SqlServerReleaseCase release, string when, IReadOnlyList<SqlServerCheck> checks)
    {
        foreach (var check in checks)
        {
            var actual = Convert.ToInt32(await ScalarAsync(connectionString, check.Sql), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(actual == check.Expected, $"{release.Name}, {when}: {check.Description}: expected {check.Expected}, got {actual}.");
        }
    }

    /// <summary>The versions of <paramref name="versions"/> that FluentMigrator's VersionInfo lists.</summary>
    private static async Task<List<long>> VersionInfoAsync(string connectionString, IReadOnlyCollection<long> versions)
    {
        if (Convert.ToInt32(await ScalarAsync(connectionString, VersionInfoExistsSql), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return [];
        }

        var listed = new List<long>();
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(ReadVersionInfoSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            listed.Add(reader.GetInt64(0));
        }

        return listed.Where(versions.Contains).ToList();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }
}
