using System.Data;
using SafeMigrate.Backfill;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Tests.Backfill;
using SafeMigrate.Tests.Providers.SqlServer;
using Xunit;
using SafeMigrate.Steps;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>The SQL Server execution paths, against a connection that records commands (no SQL Server runs here).</summary>
public sealed class SqlServerExecutionTests
{
    private static readonly SafeMigratorOptions Options = new() { MaxLockAttempts = 3, BatchSize = 2 };

    /// <summary>The shared step runner over the SQL Server provider, its retries not sleeping.</summary>
    private static StepRunner Executor(RecordingConnection connection, SafeMigratorOptions? options = null)
    {
        options ??= Options;
        var provider = new SqlServerProviderSession(connection, null, null, new SqlServerTarget(SqlServerEdition.Enterprise, 16), FakeSqlError.Errors);
        return new StepRunner(
            provider, new StateStore(connection, SqlServerStateSchema.Sql), new RetryPolicy(options, FakeSqlError.Errors.IsLockFailure, (_, _) => Task.CompletedTask), options,
            new RunMonitor(options, null, TimeProvider.System));
    }

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

        var acquire = SqlServerMigrationLock.Instance.AcquireAsync(connection, CancellationToken.None);
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
        var store = new StateStore(connection, SqlServerStateSchema.Sql);

        await store.EnsureSchemaAsync(CancellationToken.None);
        await store.SetPhaseAsync(3, "add column", MigrationPhase.Expanding, null, CancellationToken.None);
        var read = await store.ReadPhasesAsync(CancellationToken.None);

        Assert.Equal(SqlServerStateSchema.CreateSql, connection.Commands[0].Sql);
        var set = connection.Commands[1];
        Assert.Equal("expanding", set.Parameters["@phase"]);
        Assert.Equal(3L, set.Parameters["@version"]);
        Assert.Equal(MigrationPhase.Expanded, read[3]);
    }

    private static DataTable Rows(string[] columns, params object?[][] rows)
    {
        var table = new DataTable();
        foreach (var column in columns)
        {
            table.Columns.Add(column, typeof(object));
        }

        foreach (var row in rows)
        {
            table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        }

        return table;
    }

    private static DataTable Key(params (string Column, string Type)[] columns) =>
        Rows(["index", "name", "type", "full"], columns.Select(c => new object?[] { "PK_t", c.Column, c.Type, c.Type }).ToArray());

    [Fact]
    public async Task Backfill_WalksKeyRangesInBatches_CheckpointCommittedWithEachBatch_ReportsProgress()
    {
        // Batches of at most 2 rows over keys 1..5: (1, 2), (3, 4), (5).
        var batches = new Queue<DataTable>([Rows(["w", "u", "k"], [2L, 2L, "2"]), Rows(["w", "u", "k"], [2L, 1L, "4"]), Rows(["w", "u", "k"], [1L, 1L, "5"])]);
        var connection = new RecordingConnection
        {
            Respond = c => c.Sql switch
            {
                var s when s.Contains("sys.indexes", StringComparison.Ordinal) => Key(("id", "int")),
                var s when s.Contains("sys.partitions", StringComparison.Ordinal) => 5L,
                var s when s.StartsWith("SELECT TOP (1) CONVERT", StringComparison.Ordinal) => Rows(["max"], ["5"]),
                var s when s.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) => batches.Dequeue(),
                _ => null,
            },
        };
        var progress = new List<BackfillProgress>();
        var request = new BackfillRequest("dbo", "users", "[nickname] = N'anonymous'", "[nickname] IS NULL", 2, TimeSpan.Zero);

        await Executor(connection, Options with { BackfillProgress = new SynchronousProgress(progress.Add) })
            .RunAsync(19, "expand", [new BackfillStep("fill", request)], CancellationToken.None);

        var runs = connection.Commands.Where(c => c.Sql.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, runs.Count);
        Assert.All(runs, u => Assert.True(u.InTransaction));
        Assert.Equal([null, "2", "4"], runs.Select(u => u.Parameters.GetValueOrDefault("@after_0")));
        Assert.All(runs, u => Assert.Equal("5", u.Parameters["@max_0"]));
        Assert.Contains("AND ([nickname] IS NULL);", runs[0].Sql, StringComparison.Ordinal);
        Assert.Equal(3, connection.Log.Count(l => l == "COMMIT"));
        var checkpoints = connection.Commands.Where(c => c.Sql == SqlServerStateSchema.SaveCheckpointSql).ToList();
        Assert.Equal(3, checkpoints.Count);
        Assert.All(checkpoints, c => Assert.True(c.InTransaction));
        Assert.Contains("\"done\":true", (string)checkpoints[^1].Parameters["@checkpoint"]!, StringComparison.Ordinal);
        Assert.Contains("\"rowsUpdated\":4", (string)checkpoints[^1].Parameters["@checkpoint"]!, StringComparison.Ordinal);

        // Progress after every batch, against the row count from sys.partitions.
        Assert.Equal([2L, 4L, 5L], progress.Select(p => p.RowsDone));
        Assert.All(progress, p => Assert.Equal(5L, p.RowsTotal));
    }

    [Fact]
    public async Task Backfill_SizesBatchesByTime_StartsSmallAndStaysUnderLockEscalation()
    {
        var connection = new RecordingConnection
        {
            Respond = c => c.Sql switch
            {
                var s when s.Contains("sys.indexes", StringComparison.Ordinal) => Key(("id", "bigint")),
                var s when s.StartsWith("SELECT TOP (1) CONVERT", StringComparison.Ordinal) => Rows(["max"], ["1000000"]),

                // Every batch walks as many rows as asked, and the range never ends before the test's ten batches.
                var s when s.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) =>
                    Rows(["w", "u", "k"], [Convert.ToInt64(c.Parameters["@batch_size"]), 0L, c.Parameters.GetValueOrDefault("@after_0") is string a ? (long.Parse(a) + 1).ToString() : "1"]),
                _ => null,
            },
        };
        using var cancel = new CancellationTokenSource();
        var reports = 0;
        var options = Options with
        {
            BatchSize = 50_000,
            BackfillProgress = new SynchronousProgress(_ =>
            {
                if (++reports == 20)
                {
                    cancel.Cancel();
                }
            }),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor(connection, options).RunAsync(
            1, "expand", [new BackfillStep("fill", new BackfillRequest("dbo", "t", "[a] = 1", null, 50_000, TimeSpan.Zero))], cancel.Token));

        var sizes = connection.Commands.Where(c => c.Sql.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal)).Select(c => Convert.ToInt32(c.Parameters["@batch_size"])).ToList();
        Assert.Equal(BatchSizer.InitialSize, sizes[0]);
        Assert.True(sizes[^1] > sizes[0], $"batches that take no time grow: {string.Join(", ", sizes)}");
        Assert.All(sizes, s => Assert.InRange(s, 1, SqlServerBackfillStatements.MaxBatchSize));
        Assert.True(SqlServerBackfillStatements.MaxBatchSize < 5000);
    }

    [Fact]
    public async Task Backfill_CompositeKey_WalksEveryColumn()
    {
        var batches = new Queue<DataTable>([Rows(["w", "u", "t", "i"], [2L, 2L, "7", "2"]), Rows(["w", "u", "t", "i"], [1L, 1L, "8", "1"])]);
        var connection = new RecordingConnection
        {
            Respond = c => c.Sql switch
            {
                var s when s.Contains("sys.indexes", StringComparison.Ordinal) => Key(("tenant", "int"), ("id", "bigint")),
                var s when s.StartsWith("SELECT TOP (1) CONVERT", StringComparison.Ordinal) => Rows(["t", "i"], ["8", "1"]),
                var s when s.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) => batches.Dequeue(),
                _ => null,
            },
        };

        await Executor(connection).RunAsync(
            4, "expand", [new BackfillStep("fill", new BackfillRequest("dbo", "orders", "[b] = [a]", null, 2, TimeSpan.Zero))], CancellationToken.None);

        var runs = connection.Commands.Where(c => c.Sql.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal(("7", "2"), ((string)runs[1].Parameters["@after_0"]!, (string)runs[1].Parameters["@after_1"]!));
        Assert.Contains("([tenant] > @a_0 OR ([tenant] = @a_0 AND [id] > @a_1))", runs[1].Sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY [tenant], [id]", runs[1].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfill_LockTimeout_RollsBackTheBatchThenRetriesIt()
    {
        var failures = 1;
        var connection = new RecordingConnection
        {
            Respond = c => c.Sql switch
            {
                var s when s.Contains("sys.indexes", StringComparison.Ordinal) => Key(("id", "int")),
                var s when s.StartsWith("SELECT TOP (1) CONVERT", StringComparison.Ordinal) => Rows(["max"], ["1"]),
                var s when s.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) && failures-- > 0 => throw new FakeSqlError(1222),
                var s when s.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) => Rows(["w", "u", "k"], [1L, 1L, "1"]),
                _ => null,
            },
        };

        await Executor(connection).RunAsync(
            2, "expand", [new BackfillStep("fill", new BackfillRequest("dbo", "t", "[a] = 1", null, 10, TimeSpan.Zero))], CancellationToken.None);

        var log = connection.Log.Where(l => l is "BEGIN" or "ROLLBACK" or "COMMIT" || l.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal)).Select(l => l.StartsWith("SET", StringComparison.Ordinal) ? "BATCH" : l).ToList();
        Assert.Equal(["BEGIN", "BATCH", "ROLLBACK", "BEGIN", "BATCH", "COMMIT"], log);
    }

    [Fact]
    public async Task BatchedDataFix_GivesEachRangeToTheFix_InTheBatchTransaction_CommittedWithItsCheckpoint()
    {
        // Ranges of at most 2 rows over keys 1..5: (.., 2], (2, 4], (4, 5].
        var ranges = new Queue<DataTable>([Rows(["w", "u", "k"], [2L, 0L, "2"]), Rows(["w", "u", "k"], [2L, 0L, "4"]), Rows(["w", "u", "k"], [1L, 0L, "5"])]);
        var connection = new RecordingConnection
        {
            Respond = c => c.Sql switch
            {
                var s when s.Contains("sys.indexes", StringComparison.Ordinal) => Key(("id", "int")),
                var s when s.Contains("sys.partitions", StringComparison.Ordinal) => 5L,
                var s when s.StartsWith("SELECT TOP (1) CONVERT", StringComparison.Ordinal) => Rows(["max"], ["5"]),
                var s when s.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) => ranges.Dequeue(),
                _ => null,
            },
        };
        var batches = new List<DataFixBatch>();
        var step = new BatchedDataFixStep("fix", new TableName("dbo", "users"), (c, t, batch) =>
        {
            batches.Add(batch);
            using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = $"UPDATE [dbo].[users] SET [nickname] = N'x' WHERE {batch.Where};";
            batch.AddParameters(command);
            command.ExecuteNonQuery();
        });

        await Executor(connection).RunAsync(19, "expand", [step], CancellationToken.None);

        // The range statement changes no row: the fix does.
        var range = connection.Commands.Where(c => c.Sql.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, range.Count);
        Assert.DoesNotContain("UPDATE", range[0].Sql, StringComparison.Ordinal);
        Assert.Equal([null, "2", "4"], range.Select(r => r.Parameters.GetValueOrDefault("@after_0")));
        Assert.Equal(["[id] <= CAST(@sm_upto_0 AS int)", "[id] > CAST(@sm_after_0 AS int) AND [id] <= CAST(@sm_upto_0 AS int)"], batches.Take(2).Select(b => b.Where));
        var fixes = connection.Commands.Where(c => c.Sql.StartsWith("UPDATE [dbo].[users]", StringComparison.Ordinal)).ToList();
        Assert.All(fixes, f => Assert.True(f.InTransaction));
        Assert.Equal([null, "2", "4"], fixes.Select(f => f.Parameters.GetValueOrDefault("@sm_after_0")));
        Assert.Equal(["2", "4", "5"], fixes.Select(f => f.Parameters["@sm_upto_0"]));

        // Per batch: BEGIN, its range, the fix, the checkpoint, COMMIT.
        var log = connection.Log
            .Where(l => l is "BEGIN" or "COMMIT" || l.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) || l.StartsWith("UPDATE [dbo]", StringComparison.Ordinal) || l == SqlServerStateSchema.SaveCheckpointSql)
            .Select(l => l.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) ? "RANGE" : l.StartsWith("UPDATE [dbo]", StringComparison.Ordinal) ? "FIX" : l == SqlServerStateSchema.SaveCheckpointSql ? "CHECKPOINT" : l)
            .ToList();
        string[] perBatch = ["BEGIN", "RANGE", "FIX", "CHECKPOINT", "COMMIT"];
        Assert.Equal([.. perBatch, .. perBatch, .. perBatch], log.Skip(log.IndexOf("RANGE") - 1));
        var checkpoint = (string)connection.Commands.Last(c => c.Sql == SqlServerStateSchema.SaveCheckpointSql).Parameters["@checkpoint"]!;
        Assert.Contains("\"done\":true", checkpoint, StringComparison.Ordinal);
        Assert.Contains("\"rowsDone\":5", checkpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchedDataFix_CompositeKey_ConditionSpelledOutColumnByColumn()
    {
        var ranges = new Queue<DataTable>([Rows(["w", "u", "t", "i"], [2L, 0L, "7", "2"]), Rows(["w", "u", "t", "i"], [1L, 0L, "8", "1"])]);
        var connection = new RecordingConnection
        {
            Respond = c => c.Sql switch
            {
                var s when s.Contains("sys.indexes", StringComparison.Ordinal) => Key(("tenant", "int"), ("id", "bigint")),
                var s when s.StartsWith("SELECT TOP (1) CONVERT", StringComparison.Ordinal) => Rows(["t", "i"], ["8", "1"]),
                var s when s.StartsWith("SET NOCOUNT ON", StringComparison.Ordinal) => ranges.Dequeue(),
                _ => null,
            },
        };
        var batches = new List<DataFixBatch>();

        await Executor(connection).RunAsync(
            4, "expand", [new BatchedDataFixStep("fix", new TableName("dbo", "orders"), (_, _, batch) => batches.Add(batch))], CancellationToken.None);

        Assert.Equal(2, batches.Count);
        Assert.Equal(["tenant", "id"], batches[1].KeyColumns);
        Assert.Equal(["7", "2"], batches[1].After);
        Assert.Equal(["8", "1"], batches[1].UpTo);
        Assert.Equal(
            "(o.[tenant] > CAST(@sm_after_0 AS int) OR (o.[tenant] = CAST(@sm_after_0 AS int) AND o.[id] > CAST(@sm_after_1 AS bigint)))"
            + " AND (o.[tenant] < CAST(@sm_upto_0 AS int) OR (o.[tenant] = CAST(@sm_upto_0 AS int) AND o.[id] <= CAST(@sm_upto_1 AS bigint)))"
            + " AND o.[tenant] >= CAST(@sm_after_0 AS int) AND o.[tenant] <= CAST(@sm_upto_0 AS int)",
            batches[1].WhereOn("o"));
    }

    [Fact]
    public void ExecutionTSql_Parses()
    {
        var single = new BackfillKey("[dbo].[users]", "PK_users", [new BackfillKeyColumn("id", "bigint", null)]);
        var composite = new BackfillKey("[dbo].[orders]", "PK_orders", [new BackfillKeyColumn("tenant", "int", null), new BackfillKeyColumn("code", "nvarchar(20)", null)]);
        var statements = new[] { single, composite }.Select(k => new SqlServerBackfillStatements(k, "[a] = [b]", "EXISTS (SELECT [a] EXCEPT SELECT [b])")).ToList();
        string[] sql =
        [
            SqlServerStateSchema.CreateSql, SqlServerStateSchema.SetPhaseSql, SqlServerStateSchema.ReadPhasesSql, SqlServerStateSchema.IsDoneSql,
            SqlServerStateSchema.MarkStepSql, SqlServerStateSchema.SaveCheckpointSql, SqlServerStateSchema.LoadCheckpointSql,
            SqlServerStateSchema.InsertVersionSql, SqlServerStateSchema.DeleteVersionSql,
            SqlServerMigrationLock.AcquireSql, SqlServerMigrationLock.ReleaseSql, SqlServerReleaseDatabase.SessionSettingsSql(TimeSpan.FromSeconds(2)),
            SqlServerTargetReader.Sql, SqlServerBackfillStatements.KeySql("dbo", "users"), SqlServerBackfillStatements.EstimateSql("dbo", "users"),
            SqlServerBackfillStatements.MaxKeySql(single), SqlServerBackfillStatements.MaxKeySql(composite),
            .. statements.SelectMany(s => new[] { s.FirstBatchSql, s.NextBatchSql }),
            .. new[] { single, composite }.SelectMany(k => new[]
            {
                SqlServerBackfillStatements.FirstRangeSql(k), SqlServerBackfillStatements.NextRangeSql(k),
                $"UPDATE {k.QualifiedTable} SET [a] = 1 WHERE {SqlServerBackfillStatements.FixCondition(k, null, hasLowerBound: false)};",
                $"UPDATE o SET [a] = 1 FROM {k.QualifiedTable} AS o JOIN [dbo].[other] AS x ON x.[id] = o.[a] WHERE {SqlServerBackfillStatements.FixCondition(k, "o", hasLowerBound: true)};",
            }),
        ];
        foreach (var text in sql)
        {
            Assert.True(TSql.ParseErrors(text).Count == 0, $"{string.Join("; ", TSql.ParseErrors(text))}\n{text}");
        }
    }
}
