using Npgsql;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Providers.Postgres;

/// <summary>
/// Whether a run is live is read from the migration lock, and advisory locks belong to one database: a run against
/// another database of the same server (which holds the same key there) does not make this one's stopped run "running".
/// </summary>
public sealed class PostgresRunProgressSqlTests
{
    [Fact]
    public async Task Running_IsTheMigrationLockOfThisDatabase_NotOfAnotherOnTheSameServer()
    {
        var here = await TestPostgres.CreateDatabaseAsync("progresshere");
        var elsewhere = await TestPostgres.CreateDatabaseAsync("progresselsewhere");
        try
        {
            await using var connection = new NpgsqlConnection(here);
            await connection.OpenAsync();
            await using (var create = new NpgsqlCommand("CREATE SCHEMA safe_migrate; " + PostgresRunProgressSql.CreateSql, connection))
            {
                await create.ExecuteNonQueryAsync();
            }

            var store = new RunProgressStore(connection, PostgresRunProgressSql.Sql);
            var now = DateTimeOffset.UtcNow;
            await store.SaveAsync(
                new RunProgress(true, "ci@host pid 1", now, now, 2, "expand", 3, 6, "copy \"a\" into \"b\"", now, 40, 3000, 12.5, null, null),
                CancellationToken.None);

            await using var other = new NpgsqlConnection(elsewhere);
            await other.OpenAsync();
            await PostgresMigrationLock.Instance.AcquireAsync(other, CancellationToken.None);
            Assert.False((await store.ReadAsync(CancellationToken.None))!.Running);

            await using var run = new NpgsqlConnection(here);
            await run.OpenAsync();
            await PostgresMigrationLock.Instance.AcquireAsync(run, CancellationToken.None);
            var live = await store.ReadAsync(CancellationToken.None);
            Assert.True(live!.Running);
            Assert.Equal((2L, "expand", 40L), (live.Version, live.Phase, live.RowsDone!.Value));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(here);
            await TestPostgres.DropDatabaseAsync(elsewhere);
        }
    }
}
