using Microsoft.Data.SqlClient;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>The SQL Server test harness itself: a fresh, empty database per test, dropped at dispose even with a session open in it.</summary>
[Trait("Category", "SqlServer")]
public sealed class TestSqlServerTests
{
    public const string UserTableCountSql = "SELECT COUNT(*) FROM sys.tables WHERE is_ms_shipped = 0;";

    public const string DatabaseExistsSql = "SELECT CASE WHEN DB_ID(@name) IS NULL THEN 0 ELSE 1 END;";

    public const string CurrentDatabaseSql = "SELECT DB_NAME();";

    [SqlServerFact]
    public async Task CreateDatabaseAsync_GivesAnEmptyDatabase_AndDisposeDropsItWithASessionStillOpen()
    {
        await using var database = await TestSqlServer.CreateDatabaseAsync();
        string name;
        await using (var open = new SqlConnection(database.ConnectionString))
        {
            name = database.Name;
            await open.OpenAsync();
            await using (var tables = new SqlCommand(UserTableCountSql, open))
            {
                Assert.Equal(0, (int)(await tables.ExecuteScalarAsync())!);
            }

            await using (var current = new SqlCommand(CurrentDatabaseSql, open))
            {
                Assert.Equal(name, await current.ExecuteScalarAsync());
            }

            // The connection stays open: SINGLE_USER WITH ROLLBACK IMMEDIATE must end it for the drop to succeed. (Disposing
            // again at the end of the test does nothing.)
            await database.DisposeAsync();
        }

        Assert.StartsWith("sm_test_", name, StringComparison.Ordinal);
        var server = new SqlConnectionStringBuilder(database.ConnectionString) { InitialCatalog = "master", Pooling = false }.ConnectionString;
        await using var connection = new SqlConnection(server);
        await connection.OpenAsync();
        await using var exists = new SqlCommand(DatabaseExistsSql, connection);
        exists.Parameters.AddWithValue("@name", name);
        Assert.Equal(0, (int)(await exists.ExecuteScalarAsync())!);
    }
}
