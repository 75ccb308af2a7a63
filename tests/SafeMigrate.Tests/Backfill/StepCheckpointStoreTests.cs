using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Execution;

namespace SafeMigrate.Tests.Backfill;

/// <summary>The checkpoint lives in safe_migrate.step_state and commits or vanishes with the batch's transaction.</summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public class StepCheckpointStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task SaveThenLoad_StateSchemaCreatedAndRowRunning()
    {
        var store = PostgresBackfill.Checkpoints(42, "contract", 3);
        Assert.Null(await LoadAsync(store));

        await SaveAsync(store, "first", commit: true);
        await SaveAsync(store, "second", commit: true);

        Assert.Equal("second", await LoadAsync(store));
        Assert.Equal("running", await database.ScalarAsync("SELECT status FROM safe_migrate.step_state WHERE version = 42 AND phase = 'contract' AND step_index = 3"));
        Assert.Null(await LoadAsync(PostgresBackfill.Checkpoints(42, "contract", 4)));
    }

    [Fact]
    public async Task SaveRolledBack_CheckpointUnchanged()
    {
        var store = PostgresBackfill.Checkpoints(43, "expand", 0);
        await SaveAsync(store, "kept", commit: true);

        await SaveAsync(store, "rolled back", commit: false);

        Assert.Equal("kept", await LoadAsync(store));
    }

    [Fact]
    public void UnknownPhase_Rejected()
    {
        Assert.Throws<ArgumentException>(() => PostgresBackfill.Checkpoints(1, "backfill", 0));
    }

    private async Task<string?> LoadAsync(StepCheckpointStore store)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return await store.LoadAsync(connection, CancellationToken.None);
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
