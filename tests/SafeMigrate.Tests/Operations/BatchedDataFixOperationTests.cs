using System.Data;
using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Steps;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Backfill;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// C# data fixes run in batches (<c>Execute.WithConnectionInBatches</c>): the backfill driver walks the table's key and
/// gives each range to the fix in the batch's own transaction, committed with the checkpoint, so every row is given to
/// the fix exactly once, also across a killed run or a fix that threw; plain FluentMigrator calls it once for the whole
/// table.
/// </summary>
public sealed class BatchedDataFixOperationTests
{
    private const int Rows = 5000;

    /// <summary>Settings "mode=n" to be rewritten as "mode: n"; <c>fixed</c> counts how often the fix rewrote a row.</summary>
    private static readonly string Setup = $"""
        CREATE TABLE items (id integer PRIMARY KEY, settings text NOT NULL, fixed integer NOT NULL DEFAULT 0);
        INSERT INTO items (id, settings) SELECT g, 'mode=' || g FROM generate_series(1, {Rows}) AS g;
        CREATE TABLE expected AS SELECT * FROM items;
        UPDATE expected SET settings = replace(settings, '=', ': '), fixed = fixed + 1;
        ANALYZE items;
        """;

    private const string Differences =
        "SELECT count(*) FROM items FULL JOIN expected USING (id) WHERE items.settings IS DISTINCT FROM expected.settings OR items.fixed IS DISTINCT FROM expected.fixed";

    /// <summary>What the fix saw: each batch, the rows it rewrote, the lock timeout of its transaction.</summary>
    private sealed class Recorder
    {
        public List<DataFixBatch> Batches { get; } = [];

        public long RowsRewritten { get; set; }

        public HashSet<string> LockTimeouts { get; } = [];

        public Func<DataFixBatch, bool> ThrowOn { get; set; } = _ => false;
    }

    /// <summary>Reads the batch's rows in C#, rewrites each one, as a real data fix would.</summary>
    private static void RewriteSettings(IDbConnection connection, IDbTransaction transaction, DataFixBatch batch, Recorder recorder)
    {
        recorder.Batches.Add(batch);
        var rows = new List<(int Id, string Settings)>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = $"SELECT id, settings, current_setting('lock_timeout') FROM items WHERE {batch.Where} ORDER BY id";
            batch.AddParameters(read);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt32(0), reader.GetString(1)));
                recorder.LockTimeouts.Add(reader.GetString(2));
            }
        }

        foreach (var (id, settings) in rows)
        {
            using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "UPDATE items SET settings = @settings, fixed = fixed + 1 WHERE id = @id";
            Add(write, "@settings", settings.Replace("=", ": ", StringComparison.Ordinal));
            Add(write, "@id", id);
            write.ExecuteNonQuery();
        }

        if (recorder.ThrowOn(batch))
        {
            throw new InvalidOperationException("settings of an unknown format");
        }

        recorder.RowsRewritten += rows.Count;
    }

    private static void Add(IDbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [Migration(1)]
    private sealed class FixInBatches(Recorder recorder) : Migration
    {
        public override void Up() => Execute.WithConnectionInBatches("items", (c, t, batch) => RewriteSettings(c, t, batch, recorder));

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class FixInBatchesInContract(Recorder recorder) : Migration
    {
        public override void Up() => Execute.WithConnectionInBatchesInContract("items", (c, t, batch) => RewriteSettings(c, t, batch, recorder), schema: "public");

        public override void Down() { }
    }

    /// <summary>Fixed batches of 500 rows: batch k ends at key 500·k.</summary>
    private static SafeMigratorOptions FixedBatches => Options with { BatchSize = 500, BackfillTargetBatchDuration = null };

    [Fact]
    public void Plan_OneOpaqueBatchedStepOverTheTable_InItsPhase()
    {
        var expand = Assert.Single(SafeMigrator.PlanOffline(MigrationInstances.Collect(new FixInBatches(new Recorder()))).Migrations);
        var contract = Assert.Single(SafeMigrator.PlanOffline(MigrationInstances.Collect(new FixInBatchesInContract(new Recorder()))).Migrations);

        var step = Assert.IsType<BatchedDataFixStep>(Assert.Single(expand.Expand));
        Assert.Equal(new TableName("public", "items"), step.Table);
        Assert.Equal(StepWork.Backfill, step.Work);
        Assert.False(step.Transactional);
        Assert.Null(step.Sql);
        Assert.Contains("C# data fix", step.Description, StringComparison.Ordinal);
        Assert.Contains("in batches over \"public\".\"items\"", step.Description, StringComparison.Ordinal);
        Assert.Contains("opaque", step.Description, StringComparison.Ordinal);
        Assert.Contains("not undone by rollback", step.Description, StringComparison.Ordinal);
        Assert.Empty(expand.Contract);
        Assert.Empty(expand.Rollback);
        Assert.Empty(contract.Expand);
        Assert.IsType<BatchedDataFixStep>(Assert.Single(contract.Contract));
    }

    [Fact]
    public async Task Expand_GivesEveryRowToTheFixExactlyOnce_InTimeSizedBatches_AsOneStatementWould()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("batched_fix_expand");
        try
        {
            await ExecuteAsync(connectionString, Setup);
            var recorder = new Recorder();
            var migrations = MigrationInstances.Collect(new FixInBatches(recorder));
            var migrator = new SafeMigrator(connectionString, Options with { BatchSize = 1000, BackfillTargetBatchDuration = TimeSpan.FromMilliseconds(100) });

            await migrator.ExpandAsync(migrations);

            Assert.Equal(0L, await ScalarAsync(connectionString, Differences));
            Assert.Equal(Rows, recorder.RowsRewritten);
            // Time-sized batches start small (10 rows) and follow one another without a gap or an overlap.
            Assert.True(recorder.Batches.Count > 1);
            Assert.Equal(10, int.Parse(recorder.Batches[0].UpTo![0]));
            Assert.Null(recorder.Batches[0].After);
            for (var i = 1; i < recorder.Batches.Count; i++)
            {
                Assert.Equal(recorder.Batches[i - 1].UpTo, recorder.Batches[i].After);
            }

            Assert.Equal(Rows.ToString(), recorder.Batches[^1].UpTo![0]);
            Assert.All(recorder.Batches, b => Assert.Equal(["id"], b.KeyColumns));
            Assert.Equal("\"id\" <= CAST(@sm_upto_0 AS integer)", recorder.Batches[0].Where);
            Assert.Equal("\"id\" > CAST(@sm_after_0 AS integer) AND \"id\" <= CAST(@sm_upto_0 AS integer)", recorder.Batches[1].Where);
            // Each batch's transaction has the runner's lock timeout (Options: 2 s).
            Assert.Equal(["2s"], recorder.LockTimeouts);

            // Done: neither a second expand nor contract gives a row to the fix again.
            await migrator.ExpandAsync(migrations);
            await migrator.ContractAsync(migrations);
            Assert.Equal(Rows, recorder.RowsRewritten);
            Assert.Equal(MigrationPhase.Contracted, (await migrator.StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private sealed class Killed() : Exception("killed after a committed batch");

    [Fact]
    public async Task KilledAfterBatchThree_ResumesAfterIt_NoRowRewrittenTwice()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("batched_fix_killed");
        try
        {
            await ExecuteAsync(connectionString, Setup);
            var recorder = new Recorder();
            var migrations = MigrationInstances.Collect(new FixInBatches(recorder));
            // Progress is reported after a batch has committed with its checkpoint: the run dies right there.
            var reports = 0;
            var killed = new SafeMigrator(connectionString, FixedBatches with
            {
                BackfillProgress = new SynchronousProgress(_ =>
                {
                    if (++reports == 3)
                    {
                        throw new Killed();
                    }
                }),
            });

            await Assert.ThrowsAsync<Killed>(() => killed.ExpandAsync(migrations));
            Assert.Equal(1500L, await ScalarAsync(connectionString, "SELECT count(*) FROM items WHERE fixed = 1 AND id <= 1500"));
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM items WHERE fixed <> 0 AND id > 1500"));
            Assert.Equal(MigrationPhase.Expanding, (await new SafeMigrator(connectionString, Options).StatusAsync(migrations))[1]);

            var resumed = new Recorder();
            await new SafeMigrator(connectionString, FixedBatches).ExpandAsync(MigrationInstances.Collect(new FixInBatches(resumed)));

            Assert.Equal(0L, await ScalarAsync(connectionString, Differences));
            Assert.Equal(["1500"], resumed.Batches[0].After);
            Assert.Equal(7, resumed.Batches.Count);
            Assert.Equal(Rows - 1500, resumed.RowsRewritten);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task FixThatThrows_RollsBackItsBatch_StopsWithADatabaseFailure_ThenResumesAtThatBatch()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("batched_fix_throws");
        try
        {
            await ExecuteAsync(connectionString, Setup);
            // The third batch (1001..1500) rewrites its rows, then throws.
            var recorder = new Recorder { ThrowOn = b => b.After?[0] == "1000" };
            var migrations = MigrationInstances.Collect(new FixInBatches(recorder));

            var error = await Assert.ThrowsAsync<DatabaseFailureException>(() => new SafeMigrator(connectionString, FixedBatches).ExpandAsync(migrations));

            Assert.Contains("Migration 1, expand step 1", error.Message, StringComparison.Ordinal);
            Assert.Contains("after key (1000) up to key (1500)", error.Message, StringComparison.Ordinal);
            Assert.Contains("InvalidOperationException: settings of an unknown format", error.Message, StringComparison.Ordinal);
            Assert.Contains("resumes at that batch", error.Message, StringComparison.Ordinal);
            Assert.IsType<InvalidOperationException>(error.InnerException);
            // The two batches before it stay; the failed one left nothing.
            Assert.Equal(1000L, await ScalarAsync(connectionString, "SELECT count(*) FROM items WHERE fixed = 1"));
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM items WHERE fixed <> 0 AND id > 1000"));

            recorder.ThrowOn = _ => false;
            recorder.Batches.Clear();
            await new SafeMigrator(connectionString, FixedBatches).ExpandAsync(migrations);

            Assert.Equal(0L, await ScalarAsync(connectionString, Differences));
            Assert.Equal(["1000"], recorder.Batches[0].After);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Migration(1)]
    private sealed class FixCompositeKey(List<DataFixBatch> batches) : Migration
    {
        public override void Up() => Execute.WithConnectionInBatches("lines", (connection, transaction, batch) =>
        {
            batches.Add(batch);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // A statement with another relation in it qualifies the key columns with its alias.
            command.CommandText = $"UPDATE lines AS l SET fixed = l.fixed + 1 FROM (VALUES (1)) AS one (x) WHERE {batch.WhereOn("l")}";
            batch.AddParameters(command);
            command.ExecuteNonQuery();
        });

        public override void Down() { }
    }

    [Fact]
    public async Task CompositeKey_RangesFollowTheWholeKey_EveryRowOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("batched_fix_composite");
        try
        {
            // Codes are text: '10' sorts before '9', as in the index.
            await ExecuteAsync(connectionString, """
                CREATE TABLE lines (tenant integer NOT NULL, code text NOT NULL, fixed integer NOT NULL DEFAULT 0, PRIMARY KEY (tenant, code));
                INSERT INTO lines (tenant, code) SELECT t, c::text FROM generate_series(1, 10) AS t, generate_series(1, 100) AS c;
                """);
            var batches = new List<DataFixBatch>();

            await new SafeMigrator(connectionString, Options with { BatchSize = 70, BackfillTargetBatchDuration = null })
                .ExpandAsync(MigrationInstances.Collect(new FixCompositeKey(batches)));

            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM lines WHERE fixed <> 1"));
            Assert.Equal(15, batches.Count);
            Assert.Equal(["tenant", "code"], batches[0].KeyColumns);
            // Batch one ends at tenant 1's 70th code in the index's order.
            var seventieth = (string)(await ScalarAsync(connectionString, "SELECT code FROM lines WHERE tenant = 1 ORDER BY code LIMIT 1 OFFSET 69"))!;
            Assert.Equal(["1", seventieth], batches[0].UpTo);
            Assert.Equal(["1", seventieth], batches[1].After);
            Assert.Equal(
                "(l.\"tenant\", l.\"code\") > (CAST(@sm_after_0 AS integer), CAST(@sm_after_1 AS text))"
                + " AND (l.\"tenant\", l.\"code\") <= (CAST(@sm_upto_0 AS integer), CAST(@sm_upto_1 AS text))"
                + " AND l.\"tenant\" >= CAST(@sm_after_0 AS integer) AND l.\"tenant\" <= CAST(@sm_upto_0 AS integer)",
                batches[1].WhereOn("l"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Migration(1)]
    private sealed class FixThatRaisesTheThrottle(List<DataFixBatch> batches) : Migration
    {
        public override void Up() => Execute.WithConnectionInBatches("items", (connection, transaction, batch) =>
        {
            batches.Add(batch);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Committed with the first batch: the throttle query holds every batch after it.
            command.CommandText = $"UPDATE items SET fixed = fixed + 1 WHERE {batch.Where}" + (batch.After is null ? "; INSERT INTO hold DEFAULT VALUES" : string.Empty);
            batch.AddParameters(command);
            command.ExecuteNonQuery();
        });

        public override void Down() { }
    }

    [Fact]
    public async Task Throttle_HoldsTheNextBatch_UntilItClears()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("batched_fix_throttle");
        try
        {
            await ExecuteAsync(connectionString, Setup + "CREATE TABLE hold ();");
            var batches = new List<DataFixBatch>();
            var expand = new SafeMigrator(connectionString, FixedBatches with
            {
                ThrottleQuery = "SELECT EXISTS (SELECT FROM hold)",
                ThrottlePollInterval = TimeSpan.FromMilliseconds(100),
                // Between batches the gates are asked at most every 250 ms: a pause makes sure the second batch asks.
                DelayBetweenBatches = TimeSpan.FromMilliseconds(300),
            }).ExpandAsync(MigrationInstances.Collect(new FixThatRaisesTheThrottle(batches)));

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (batches.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Single(batches);
            Assert.False(expand.IsCompleted);
            Assert.Equal(500L, await ScalarAsync(connectionString, "SELECT count(*) FROM items WHERE fixed = 1"));

            await ExecuteAsync(connectionString, "DELETE FROM hold");
            await expand.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(10, batches.Count);
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM items WHERE fixed <> 1"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task ContractFix_RunsOnlyInContract()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("batched_fix_contract");
        try
        {
            await ExecuteAsync(connectionString, Setup);
            var recorder = new Recorder();
            var migrations = MigrationInstances.Collect(new FixInBatchesInContract(recorder));
            var migrator = new SafeMigrator(connectionString, FixedBatches);

            await migrator.ExpandAsync(migrations);
            Assert.Empty(recorder.Batches);

            await migrator.ContractAsync(migrations);
            Assert.Equal(0L, await ScalarAsync(connectionString, Differences));
            Assert.Equal(10, recorder.Batches.Count);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task PlainFluentMigrator_CallsItOnce_ForTheWholeTable_InsideItsTransaction()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("batched_fix_plain");
        try
        {
            await ExecuteAsync(connectionString, Setup);

            // A later statement of the migration fails: the fix's work goes with FluentMigrator's transaction.
            var failed = new Recorder();
            Assert.ThrowsAny<Exception>(() => PlainFluentMigrator.Apply(connectionString, MigrationInstances.Collect(new PlainProbe(failed, failAfter: true))));
            Assert.Single(failed.Batches);
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM items WHERE fixed <> 0 OR settings LIKE '%: %'"));

            var recorder = new Recorder();
            PlainFluentMigrator.Apply(connectionString, MigrationInstances.Collect(new PlainProbe(recorder, failAfter: false)));

            Assert.Equal(0L, await ScalarAsync(connectionString, Differences));
            var batch = Assert.Single(recorder.Batches);
            Assert.True(batch.IsWholeTable);
            Assert.Null(batch.After);
            Assert.Null(batch.UpTo);
            Assert.Equal("1=1", batch.Where);
            Assert.Empty(batch.KeyColumns);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Migration(1)]
    private sealed class PlainProbe(Recorder recorder, bool failAfter) : Migration
    {
        public override void Up()
        {
            Execute.WithConnectionInBatches("items", (c, t, batch) => RewriteSettings(c, t, batch, recorder));
            if (failAfter)
            {
                Execute.Sql("SELECT 1 / 0");
            }
        }

        public override void Down() { }
    }
}
