using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Embedded;

/// <summary>The test harness itself: each test class gets its own empty database on the run's server.</summary>
public class TestPostgresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ClassDatabase_IsFreshAndEmpty()
    {
        var name = (string?)await database.ScalarAsync("SELECT current_database()");
        Assert.StartsWith("t_class_", name);
        Assert.Equal(0L, await database.ScalarAsync(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_GivesDistinctDatabases()
    {
        var first = await TestPostgres.CreateDatabaseAsync("a");
        var second = await TestPostgres.CreateDatabaseAsync("a");
        try
        {
            Assert.NotEqual(first, second);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(first);
            await TestPostgres.DropDatabaseAsync(second);
        }
    }
}
