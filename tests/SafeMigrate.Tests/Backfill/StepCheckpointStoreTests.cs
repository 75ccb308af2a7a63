using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Backfill;

/// <summary>The checkpoint lives in safe_migrate.step_state and commits or vanishes with the batch's transaction.</summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public class StepCheckpointStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task SaveThenLoad_StateSchemaCreatedAndRowRunning()
    {
        var store = new StepCheckpointStore(database.ConnectionString, 42, "contract", 3);
        Assert.Null(await store.LoadAsync(CancellationToken.None));

        await SaveAsync(store, "first", commit: true);
        await SaveAsync(store, "second", commit: true);

        Assert.Equal("second", await store.LoadAsync(CancellationToken.None));
        Assert.Equal("running", await database.ScalarAsync("SELECT status FROM safe_migrate.step_state WHERE version = 42 AND phase = 'contract' AND step_index = 3"));
        Assert.Null(await new StepCheckpointStore(database.ConnectionString, 42, "contract", 4).LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SaveRolledBack_CheckpointUnchanged()
    {
        var store = new StepCheckpointStore(database.ConnectionString, 43, "expand", 0);
        await SaveAsync(store, "kept", commit: true);

        await SaveAsync(store, "rolled back", commit: false);

        Assert.Equal("kept", await store.LoadAsync(CancellationToken.None));
    }

    [Fact]
    public void UnknownPhase_Rejected()
    {
        Assert.Throws<ArgumentException>(() => new StepCheckpointStore(database.ConnectionString, 1, "backfill", 0));
    }

    private async Task SaveAsync(StepCheckpointStore store, string checkpoint, bool commit)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await store.SaveAsync(connection, transaction, checkpoint, CancellationToken.None);
        if (commit)
        {
            await transaction.CommitAsync();
        }
    }
}
