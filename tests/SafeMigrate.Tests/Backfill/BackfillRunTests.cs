using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Backfill;

/// <summary>
/// The backfill's range, predicate, progress, resume and failures, with fixed batch sizes (no target duration) so that
/// batch counts do not depend on the machine's speed; the adaptive sizing is covered by <see cref="BackfillAdaptiveTests"/>.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public class BackfillRunTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string SetClause = "\"new_value\" = \"old_value\", \"touched\" = \"touched\" + 1";
    private static int _step;

    [Fact]
    public async Task RowsInsertedAfterStart_NotTouched()
    {
        await CreateTableAsync("bounded", rows: 1000);
        var inserted = false;
        var progress = new SynchronousProgress(_ =>
        {
            if (!inserted)
            {
                // Beyond the max key read at the start: left to the sync triggers of a real release.
                inserted = true;
                database.ExecuteAsync("INSERT INTO bounded (id, old_value) SELECT g, 'late ' || g FROM generate_series(1001, 1200) AS g")
                    .GetAwaiter().GetResult();
            }
        });

        var result = await RunAsync("bounded", batchSize: 100, progress: progress);

        Assert.Equal(new BackfillResult(1000, 10, false), result);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM bounded WHERE id <= 1000 AND (new_value IS DISTINCT FROM old_value OR touched <> 1)"));
        Assert.Equal(200L, await database.ScalarAsync("SELECT count(*) FROM bounded WHERE id > 1000 AND new_value IS NULL AND touched = 0"));
    }

    [Fact]
    public async Task Predicate_RowsAlreadyRightNotRewritten()
    {
        await CreateTableAsync("predicate", rows: 1000);
        await database.ExecuteAsync("UPDATE predicate SET new_value = old_value WHERE id % 3 = 0");
        await database.ExecuteAsync("CREATE TABLE predicate_before AS SELECT id, xmin::text AS row_version FROM predicate WHERE id % 3 = 0");

        var result = await RunAsync("predicate", batchSize: 100, predicate: "\"new_value\" IS DISTINCT FROM \"old_value\"");

        Assert.Equal(new BackfillResult(667, 10, false), result);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM predicate WHERE new_value IS DISTINCT FROM old_value"));
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM predicate WHERE touched <> CASE WHEN id % 3 = 0 THEN 0 ELSE 1 END"));
        // Same row versions: the skipped rows were not even rewritten with equal values.
        Assert.Equal(0L, await database.ScalarAsync(
            "SELECT count(*) FROM predicate p JOIN predicate_before b USING (id) WHERE p.xmin::text <> b.row_version"));
    }

    [Fact]
    public async Task PredicateExcludingWholeBatches_StillAdvances()
    {
        await CreateTableAsync("predicate_gaps", rows: 1000);
        await database.ExecuteAsync("UPDATE predicate_gaps SET new_value = old_value WHERE id <= 500");

        var result = await RunAsync("predicate_gaps", batchSize: 100, predicate: "\"new_value\" IS DISTINCT FROM \"old_value\"");

        Assert.Equal(new BackfillResult(500, 10, false), result);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM predicate_gaps WHERE new_value IS DISTINCT FROM old_value"));
    }

    [Fact]
    public async Task Progress_MonotonicEndingAtTotal()
    {
        await CreateTableAsync("progress", rows: 1050);
        await database.ExecuteAsync("ANALYZE progress");
        var progress = new SynchronousProgress(_ => { });

        await RunAsync("progress", batchSize: 100, progress: progress);

        Assert.Equal(11, progress.Reports.Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * 100L).Append(1050), progress.Reports.Select(p => p.RowsDone));
        // reltuples is exact after ANALYZE of a table this small.
        Assert.All(progress.Reports, p => Assert.Equal(1050L, p.RowsTotal));
        Assert.All(progress.Reports, p => Assert.True(p.RowsPerSecond > 0));
    }

    [Fact]
    public async Task Progress_NeverAnalyzed_TotalUnknownUntilTheEnd()
    {
        await CreateTableAsync("progress_unknown", rows: 250);
        var progress = new SynchronousProgress(_ => { });

        await RunAsync("progress_unknown", batchSize: 100, progress: progress);

        Assert.Equal([null, null, 250L], progress.Reports.Select(p => p.RowsTotal));
    }

    [Fact]
    public async Task CancelledMidway_ResumesToTheSameResult()
    {
        await CreateTableAsync("resume", rows: 3000);
        const int step = 1000;
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.RowsDone == 700)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync("resume", batchSize: 100, progress: progress, step: step, ct: cancellation.Token));

        // The batch during which cancellation came committed with its checkpoint; nothing after it ran.
        Assert.Equal(700L, await database.ScalarAsync("SELECT count(*) FROM resume WHERE touched = 1"));
        Assert.Equal(2300L, await database.ScalarAsync("SELECT count(*) FROM resume WHERE touched = 0"));
        Assert.Equal("running", await database.ScalarAsync($"SELECT status FROM safe_migrate.step_state WHERE version = 7 AND phase = 'expand' AND step_index = {step}"));
        Assert.Contains("\"rowsDone\":700", (string?)await database.ScalarAsync(
            $"SELECT checkpoint FROM safe_migrate.step_state WHERE version = 7 AND phase = 'expand' AND step_index = {step}"));

        // Rows written meanwhile beyond the original range are not chased after the resume either.
        await database.ExecuteAsync("INSERT INTO resume (id, old_value) VALUES (5000, 'late')");
        var result = await RunAsync("resume", batchSize: 100, step: step);

        Assert.Equal(new BackfillResult(3000, 30, true), result);
        // Without a predicate a redone batch would show touched = 2: each row was updated exactly once.
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM resume WHERE id <= 3000 AND (touched <> 1 OR new_value IS DISTINCT FROM old_value)"));
        Assert.Equal(0, await database.ScalarAsync("SELECT touched FROM resume WHERE id = 5000"));

        // Finished: running again changes nothing and reports the same totals.
        var again = await RunAsync("resume", batchSize: 100, step: step);
        Assert.Equal(new BackfillResult(3000, 30, true), again);
        Assert.Equal(3000L, await database.ScalarAsync("SELECT sum(touched) FROM resume"));
    }

    [Fact]
    public async Task CancelledBeforeStart_NothingDone()
    {
        await CreateTableAsync("cancel_first", rows: 100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync("cancel_first", batchSize: 10, ct: new CancellationToken(true)));

        Assert.Equal(0L, await database.ScalarAsync("SELECT sum(touched) FROM cancel_first"));
    }

    [Fact]
    public async Task CheckpointOfAnotherKey_Refused()
    {
        await CreateTableAsync("other_key", rows: 300);
        const int step = 2000;
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cancellation.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync("other_key", batchSize: 100, progress: progress, step: step, ct: cancellation.Token));
        await database.ExecuteAsync("""
            ALTER TABLE other_key ADD COLUMN code text;
            UPDATE other_key SET code = 'c' || id;
            ALTER TABLE other_key ALTER COLUMN code SET NOT NULL, DROP CONSTRAINT other_key_pkey;
            CREATE UNIQUE INDEX other_key_code ON other_key (code);
            """);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync("other_key", batchSize: 100, step: step));

        Assert.Contains("(id)", error.Message);
        Assert.Contains("(code)", error.Message);
    }

    [Fact]
    public async Task BadSetClause_DatabaseFailureWithoutPassword()
    {
        await CreateTableAsync("bad_set", rows: 10);
        var withPassword = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "hunter2-secret" }.ConnectionString;

        var error = await Assert.ThrowsAsync<DatabaseFailureException>(() => PostgresBackfill.RunAsync(
            withPassword,
            new BackfillRequest("public", "bad_set", "\"no_such_column\" = 1", null, 10, TimeSpan.Zero),
            PostgresBackfill.Checkpoints(7, "expand", Interlocked.Increment(ref _step)),
            null,
            CancellationToken.None));

        Assert.Contains("\"public\".\"bad_set\"", error.Message);
        Assert.Contains("no_such_column", error.Message);
        Assert.DoesNotContain("hunter2", error.ToString());
    }

    [Fact]
    public async Task UnreachableServer_DatabaseFailureWithoutPassword()
    {
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = 1,
            Password = "hunter2-secret",
            Timeout = 3,
        }.ConnectionString;

        var error = await Assert.ThrowsAsync<DatabaseFailureException>(() => PostgresBackfill.RunAsync(
            unreachable,
            new BackfillRequest("public", "t", "\"a\" = 1", null, 10, TimeSpan.Zero),
            PostgresBackfill.Checkpoints(7, "expand", 1),
            null,
            CancellationToken.None));

        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task BatchSizeBelowOne_InvalidInput(int batchSize)
    {
        await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync("whatever", batchSize));
    }

    [Fact]
    public async Task DelayBetweenBatches_Throttles()
    {
        await CreateTableAsync("throttled", rows: 50);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await PostgresBackfill.RunAsync(
            database.ConnectionString,
            new BackfillRequest("public", "throttled", SetClause, null, 10, TimeSpan.FromMilliseconds(150)),
            PostgresBackfill.Checkpoints(7, "expand", Interlocked.Increment(ref _step)),
            null,
            CancellationToken.None);

        // Five batches, four pauses between them (none after the last).
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(4 * 150 - 20), $"took {clock.Elapsed}");
    }

    private Task CreateTableAsync(string table, int rows) => database.ExecuteAsync($"""
        CREATE TABLE {table} (id int PRIMARY KEY, old_value text NOT NULL, new_value text, touched int NOT NULL DEFAULT 0);
        INSERT INTO {table} (id, old_value) SELECT g, 'value ' || g FROM generate_series(1, {rows}) AS g;
        """);

    private Task<BackfillResult> RunAsync(
        string table,
        int batchSize,
        string? predicate = null,
        IProgress<BackfillProgress>? progress = null,
        int? step = null,
        CancellationToken ct = default) =>
        PostgresBackfill.RunAsync(
            database.ConnectionString,
            new BackfillRequest("public", table, SetClause, predicate, batchSize, TimeSpan.Zero) { TargetBatchDuration = null },
            PostgresBackfill.Checkpoints(7, "expand", step ?? Interlocked.Increment(ref _step)),
            progress,
            ct);
}
