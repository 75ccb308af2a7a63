using System.Diagnostics;
using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Bench.Backfill;

/// <summary>
/// The expand step of a column rename, measured: a table with a bigint primary key, the old column filled, the new
/// one empty, and a BEFORE INSERT OR UPDATE sync trigger; then either the batched backfill or one plain UPDATE fills
/// the new column, each on its own fresh, vacuumed and analyzed copy of the same data.
/// </summary>
internal sealed class BackfillBenchmark(string connectionString)
{
    private const string Table = "bench_rename";

    // The shape of a rename's sync trigger: whichever version writes, both columns end up equal.
    private const string TriggerFunctionSql = """
        CREATE OR REPLACE FUNCTION bench_rename_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                IF NEW.new_col IS NULL THEN NEW.new_col := NEW.old_col; ELSE NEW.old_col := NEW.new_col; END IF;
            ELSIF NEW.new_col IS DISTINCT FROM OLD.new_col THEN
                NEW.old_col := NEW.new_col;
            ELSE
                NEW.new_col := NEW.old_col;
            END IF;
            RETURN NEW;
        END $$;
        """;

    private int _step;

    public async Task<TimeSpan> SingleUpdateAsync(int rows)
    {
        await PrepareTableAsync(rows);
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"UPDATE {Table} SET new_col = old_col", connection) { CommandTimeout = 0 };
        var clock = Stopwatch.StartNew();
        var updated = await command.ExecuteNonQueryAsync();
        clock.Stop();
        await VerifyAsync(rows, updated);
        return clock.Elapsed;
    }

    public async Task<TimeSpan> BackfillAsync(int rows, int batchSize, TimeSpan? target)
    {
        await PrepareTableAsync(rows);
        // The real checkpoint store: its upsert is part of every batch's cost.
        var checkpoints = PostgresBackfill.Checkpoints(1, "expand", Interlocked.Increment(ref _step));
        var request = new BackfillRequest("public", Table, "\"new_col\" = \"old_col\"", null, batchSize, TimeSpan.Zero) { TargetBatchDuration = target };
        var clock = Stopwatch.StartNew();
        var result = await PostgresBackfill.RunAsync(connectionString, request, checkpoints, null, CancellationToken.None);
        clock.Stop();
        await VerifyAsync(rows, result.RowsUpdated);
        return clock.Elapsed;
    }

    public async Task<string> ExplainAnalyzeBatchAsync(int rows, int batchSize)
    {
        await PrepareTableAsync(rows);
        await using var connection = await OpenAsync();
        var sql = $"""
            EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)
            WITH batch AS MATERIALIZED (
                SELECT id FROM (SELECT id FROM {Table} WHERE id > {rows / 2} ORDER BY id LIMIT {batchSize}) AS next_rows WHERE id <= {rows}
            ), first_key AS (SELECT id FROM batch ORDER BY id LIMIT 1
            ), last_key AS (SELECT id FROM batch ORDER BY id DESC LIMIT 1
            ), updated AS (
                UPDATE {Table} SET new_col = old_col
                WHERE id >= (SELECT id FROM first_key) AND id <= (SELECT id FROM last_key) RETURNING 1)
            SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM updated)
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// The backfill of a table whose rows are slow to update (a second row trigger sleeps <paramref name="sleepMs"/> per
    /// row: a slow trigger, a slow disk or a loaded machine) while <paramref name="clients"/> application connections
    /// update random rows in a loop, one autocommit UPDATE at a time; returns every application UPDATE's duration.
    /// An UPDATE of a row in the running batch waits for the batch's COMMIT.
    /// </summary>
    public async Task<ContentionRun> ContentionAsync(int rows, double sleepMs, int batchSize, TimeSpan? target, int clients)
    {
        await PrepareTableAsync(rows);
        await ExecuteAsync($"""
            CREATE OR REPLACE FUNCTION bench_slow_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep({sleepMs.ToString(System.Globalization.CultureInfo.InvariantCulture)} / 1000.0); RETURN NEW; END $$;
            CREATE TRIGGER bench_slow_row BEFORE UPDATE ON {Table} FOR EACH ROW EXECUTE FUNCTION bench_slow_row();
            """);
        using var stop = new CancellationTokenSource();
        var waits = new List<TimeSpan>[clients];
        var appClients = Enumerable.Range(0, clients).Select(i =>
        {
            waits[i] = [];
            return Task.Run(() => AppClientAsync(rows, waits[i], i, stop.Token));
        }).ToArray();

        var checkpoints = PostgresBackfill.Checkpoints(1, "expand", Interlocked.Increment(ref _step));
        var request = new BackfillRequest("public", Table, "\"new_col\" = \"old_col\"", null, batchSize, TimeSpan.Zero) { TargetBatchDuration = target };
        var clock = Stopwatch.StartNew();
        var result = await PostgresBackfill.RunAsync(connectionString, request, checkpoints, null, CancellationToken.None);
        clock.Stop();
        await stop.CancelAsync();
        await Task.WhenAll(appClients);
        await VerifyAsync(rows, result.RowsUpdated);
        return new ContentionRun(clock.Elapsed, result.Batches, waits.SelectMany(w => w).ToArray());
    }

    private async Task AppClientAsync(int rows, List<TimeSpan> waits, int seed, CancellationToken stop)
    {
        var random = new Random(seed);
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"UPDATE {Table} SET payload = payload + 1 WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await command.PrepareAsync();
        while (!stop.IsCancellationRequested)
        {
            command.Parameters[0].Value = (long)random.Next(1, rows + 1);
            var started = Stopwatch.GetTimestamp();
            await command.ExecuteNonQueryAsync();
            waits.Add(Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task DropAsync()
    {
        await ExecuteAsync($"DROP TABLE IF EXISTS {Table}");
    }

    private async Task PrepareTableAsync(int rows)
    {
        await ExecuteAsync(TriggerFunctionSql);
        await ExecuteAsync($"DROP TABLE IF EXISTS {Table}");
        await ExecuteAsync($"CREATE TABLE {Table} (id bigint PRIMARY KEY, payload integer NOT NULL, old_col text NOT NULL, new_col text)");
        await ExecuteAsync($"INSERT INTO {Table} (id, payload, old_col) SELECT g, g % 1000, md5(g::text) FROM generate_series(1, {rows}) AS g");
        // Added after the load, as a rename's expand adds the new column and its trigger to a table already full.
        await ExecuteAsync($"CREATE TRIGGER bench_rename_sync BEFORE INSERT OR UPDATE ON {Table} FOR EACH ROW EXECUTE FUNCTION bench_rename_sync()");
        // Same starting point for both methods: hint bits set, visibility map built, statistics fresh, no dirty pages.
        await ExecuteAsync($"VACUUM (ANALYZE) {Table}");
        await ExecuteAsync("CHECKPOINT");
    }

    private async Task VerifyAsync(int rows, long updated)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Table} WHERE new_col IS DISTINCT FROM old_col", connection);
        var wrong = (long)(await command.ExecuteScalarAsync())!;
        if (updated != rows || wrong != 0)
        {
            throw new InvalidOperationException($"Expected {rows} rows updated and none left wrong; got {updated} updated and {wrong} wrong.");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
