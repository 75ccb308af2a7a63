using System.Data;
using SafeMigrate.Backfill;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Tests.Dialects.SqlServer;
using Xunit;
using SafeMigrate.Steps;

namespace SafeMigrate.Tests.Execution.SqlServer;

/// <summary>The SQL Server execution paths, against a connection that records commands (no SQL Server runs here).</summary>
public sealed class SqlServerExecutionTests
{
    private static readonly SafeMigratorOptions Options = new() { MaxLockAttempts = 3, BatchSize = 2 };

    private static SqlServerStepExecutor Executor(RecordingConnection connection, SafeMigratorOptions? options = null) =>
        new(connection, new SqlServerStepStateStore(connection), options ?? Options, FakeSqlError.IsLockFailure, (_, _) => Task.CompletedTask);

    private static bool IsStateRead(RecordedCommand c) => c.Sql == SqlServerStateSchema.IsDoneSql;

    [Fact]
    public async Task TransactionalStep_LockTimeout_RollsBackItselfThenRetries()
    {
        var connection = new RecordingConnection();
        var alters = 0;
        connection.Respond = c => c.Sql.StartsWith("ALTER TABLE", StringComparison.Ordinal) && ++alters == 1 ? throw new FakeSqlError(1222) : null;

        await Executor(connection).RunAsync(7, "expand", [new SqlStep("add column", "ALTER TABLE [dbo].[t] ADD [c] int NULL;")], CancellationToken.None);

        var log = connection.Log.Where(l => l != SqlServerStateSchema.IsDoneSql).ToList();
        Assert.Equal(
            ["BEGIN", "ALTER TABLE [dbo].[t] ADD [c] int NULL;", "ROLLBACK", "BEGIN", "ALTER TABLE [dbo].[t] ADD [c] int NULL;", SqlServerStateSchema.MarkStepSql, "COMMIT"],
            log);
        var mark = connection.Commands.Single(c => c.Sql == SqlServerStateSchema.MarkStepSql);
        Assert.True(mark.InTransaction);
        Assert.Equal("done", mark.Parameters["@status"]);
        Assert.Equal(7L, mark.Parameters["@version"]);
    }

    [Fact]
    public async Task LockTimeouts_Exhausted_AreBlocked()
    {
        var connection = new RecordingConnection { Respond = c => c.Sql.StartsWith("ALTER", StringComparison.Ordinal) ? throw new FakeSqlError(1222) : null };

        var error = await Assert.ThrowsAsync<BlockedException>(() =>
            Executor(connection).RunAsync(1, "contract", [new SqlStep("drop index", "ALTER TABLE [dbo].[t] DROP CONSTRAINT [x];")], CancellationToken.None));

        Assert.Contains("3 times", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, connection.Log.Count(l => l == "ROLLBACK"));
        Assert.DoesNotContain("COMMIT", connection.Log);
    }

    [Fact]
    public async Task OtherErrors_AreDatabaseFailures_WithoutRetry()
    {
        var connection = new RecordingConnection { Respond = c => c.Sql.StartsWith("ALTER", StringComparison.Ordinal) ? throw new FakeSqlError(4922) : null };

        await Assert.ThrowsAsync<DatabaseFailureException>(() =>
            Executor(connection).RunAsync(1, "expand", [new SqlStep("alter", "ALTER TABLE [dbo].[t] ALTER COLUMN [c] int NOT NULL;")], CancellationToken.None));

        Assert.Single(connection.Commands, c => c.Sql.StartsWith("ALTER", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResumableIndexStep_RunsOutsideAnyTransaction_MarkedRunningThenDone()
    {
        var connection = new RecordingConnection();
        var step = Assert.Single(SqlServerPlans.Plan(new(SqlServerEdition.Enterprise, 15), typeof(SqlServerOperationMigrations.CreateIndex)).Migrations.Single().Expand);

        await Executor(connection).RunAsync(11, "expand", [step], CancellationToken.None);

        var create = Assert.Single(connection.Commands, c => c.Sql.Contains("RESUMABLE = ON", StringComparison.Ordinal));
        Assert.False(create.InTransaction);
        Assert.DoesNotContain("BEGIN", connection.Log);
        var marks = connection.Commands.Where(c => c.Sql == SqlServerStateSchema.MarkStepSql).Select(c => c.Parameters["@status"]).ToList();
        Assert.Equal(["running", "done"], marks);
    }

    [Fact]
    public async Task DoneSteps_AreSkipped()
    {
        var connection = new RecordingConnection { Respond = c => IsStateRead(c) && (int)c.Parameters["@index"]! == 0 ? 1 : null };

        await Executor(connection).RunAsync(1, "expand", [new SqlStep("first", "SELECT 1;"), new SqlStep("second", "SELECT 2;")], CancellationToken.None);

        Assert.DoesNotContain(connection.Commands, c => c.Sql == "SELECT 1;");
        Assert.Contains(connection.Commands, c => c.Sql == "SELECT 2;");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(-1, true)]
    [InlineData(-3, true)]
    public async Task MigrationLock_AppLockBusy_IsBlocked(int result, bool blocked)
    {
        var connection = new RecordingConnection { Respond = c => c.Sql == SqlServerMigrationLock.AcquireSql ? result : null };

        var acquire = SqlServerMigrationLock.AcquireAsync(connection, CancellationToken.None);
        if (blocked)
        {
            await Assert.ThrowsAsync<BlockedException>(() => acquire);
        }
        else
        {
            await acquire;
        }

        Assert.Contains("sp_getapplock", Assert.Single(connection.Commands).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateStore_WritesPhaseAndReadsItBack()
    {
        var phases = new DataTable();
        phases.Columns.Add("version", typeof(long));
        phases.Columns.Add("phase", typeof(string));
        phases.Rows.Add(3L, "expanded");
        var connection = new RecordingConnection { Respond = c => c.Sql == SqlServerStateSchema.ReadPhasesSql ? phases : null };
        var store = new SqlServerStepStateStore(connection);

        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.SetPhaseAsync(3, "add column", MigrationPhase.Expanding, null, CancellationToken.None);
        var read = await store.ReadPhasesAsync(CancellationToken.None);

        Assert.Equal(SqlServerStateSchema.CreateSql, connection.Commands[0].Sql);
        var set = connection.Commands[1];
        Assert.Equal("expanding", set.Parameters["@phase"]);
        Assert.Equal(3L, set.Parameters["@version"]);
        Assert.Equal(MigrationPhase.Expanded, read[3]);
    }

    [Fact]
    public async Task Backfill_WalksKeyRangesInBatches_CheckpointCommittedWithEachBatch()
    {
        var key = new DataTable();
        key.Columns.Add("name", typeof(string));
        key.Columns.Add("type", typeof(string));
        key.Columns.Add("full", typeof(string));
        key.Rows.Add("id", "int", "int");
        var uppers = new Queue<object?>(["2", "4", "5"]);
        var connection = new RecordingConnection
        {
            Respond = c => c.Sql switch
            {
                var s when s.Contains("sys.indexes", StringComparison.Ordinal) => key,
                var s when s.StartsWith("SELECT TOP (1) CONVERT", StringComparison.Ordinal) => "5",
                var s when s.Contains("MAX(b.[id])", StringComparison.Ordinal) => uppers.Dequeue(),
                var s when s.StartsWith("UPDATE [dbo].[users]", StringComparison.Ordinal) => 2,
                _ => null,
            },
        };
        var request = new BackfillRequest("dbo", "users", "[nickname] = N'anonymous'", "[nickname] IS NULL", 2, TimeSpan.Zero);

        await Executor(connection).RunAsync(19, "expand", [new BackfillStep("fill", request)], CancellationToken.None);

        var updates = connection.Commands.Where(c => c.Sql.StartsWith("UPDATE [dbo].[users]", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, updates.Count);
        Assert.All(updates, u => Assert.True(u.InTransaction));
        Assert.Equal([null, "2", "4"], updates.Select(u => u.Parameters.GetValueOrDefault("@from")));
        Assert.Equal(["2", "4", "5"], updates.Select(u => u.Parameters["@upper"]));
        Assert.EndsWith("AND ([nickname] IS NULL);", updates[0].Sql, StringComparison.Ordinal);
        Assert.Equal(3, connection.Log.Count(l => l == "COMMIT"));
        var checkpoints = connection.Commands.Where(c => c.Sql == SqlServerStateSchema.SaveCheckpointSql).ToList();
        Assert.Equal(3, checkpoints.Count);
        Assert.All(checkpoints, c => Assert.True(c.InTransaction));
        Assert.Contains("\"Done\":true", (string)checkpoints[^1].Parameters["@checkpoint"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfill_BatchSizeStaysUnderLockEscalation()
    {
        var key = new DataTable();
        key.Columns.Add("name", typeof(string));
        key.Columns.Add("type", typeof(string));
        key.Columns.Add("full", typeof(string));
        key.Rows.Add("id", "bigint", "bigint");
        var connection = new RecordingConnection
        {
            Respond = c => c.Sql.Contains("sys.indexes", StringComparison.Ordinal) ? key
                : c.Sql.StartsWith("SELECT TOP (1) CONVERT", StringComparison.Ordinal) ? "9" : null,
        };

        await Executor(connection, Options with { BatchSize = 50_000 }).RunAsync(
            1, "expand", [new BackfillStep("fill", new BackfillRequest("dbo", "t", "[a] = 1", null, 50_000, TimeSpan.Zero))], CancellationToken.None);

        var upper = Assert.Single(connection.Commands, c => c.Sql.Contains("MAX(b.[id])", StringComparison.Ordinal));
        Assert.Equal(SqlServerBackfillStatements.MaxBatchSize, upper.Parameters["@batch_size"]);
        Assert.True(SqlServerBackfillStatements.MaxBatchSize < 5000);
    }

    [Fact]
    public void ExecutionTSql_Parses()
    {
        var statements = new SqlServerBackfillStatements(new BackfillRequest("dbo", "users", "[a] = [b]", "EXISTS (SELECT [a] EXCEPT SELECT [b])", 1000, TimeSpan.Zero), "id", "bigint");
        string[] sql =
        [
            SqlServerStateSchema.CreateSql, SqlServerStateSchema.SetPhaseSql, SqlServerStateSchema.ReadPhasesSql, SqlServerStateSchema.IsDoneSql,
            SqlServerStateSchema.MarkStepSql, SqlServerStateSchema.SaveCheckpointSql, SqlServerStateSchema.LoadCheckpointSql,
            SqlServerStateSchema.InsertVersionSql, SqlServerStateSchema.DeleteVersionSql,
            SqlServerMigrationLock.AcquireSql, SqlServerMigrationLock.ReleaseSql, SqlServerStepExecutor.SessionSettingsSql(TimeSpan.FromSeconds(2)),
            SqlServerTargetReader.Sql, SqlServerBackfillStatements.KeySql("dbo", "users"),
            statements.MaxKeySql, statements.FirstUpperSql, statements.NextUpperSql, statements.FirstUpdateSql, statements.NextUpdateSql,
        ];
        foreach (var text in sql)
        {
            Assert.True(TSql.ParseErrors(text).Count == 0, $"{string.Join("; ", TSql.ParseErrors(text))}\n{text}");
        }
    }
}
