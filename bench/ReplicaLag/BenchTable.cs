using Npgsql;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>
/// The table both measurements backfill: a bigint primary key, an integer payload and an md5 text column, loaded,
/// vacuumed and analyzed, then checkpointed, and replayed by the standby before the clock starts (so that the standby
/// replays only the backfill's WAL while it is measured).
/// </summary>
internal static class BenchTable
{
    // The shape of a rename's sync trigger (as in bench/Backfill): whichever version writes, both columns end up equal.
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

    /// <summary>
    /// <paramref name="withNewColumn"/>: the state after a rename's expand has added <c>new_col</c> and its sync
    /// trigger (the driver's measurement); otherwise only <c>old_col</c>, for expand to rename.
    /// </summary>
    public static async Task PrepareAsync(string connectionString, string table, int rows, bool withNewColumn, StreamingStandby standby)
    {
        await ExecuteAsync(connectionString, $"DROP TABLE IF EXISTS {table}");
        await ExecuteAsync(connectionString,
            $"CREATE TABLE {table} (id bigint PRIMARY KEY, payload integer NOT NULL, old_col text NOT NULL{(withNewColumn ? ", new_col text" : "")})");
        await ExecuteAsync(connectionString, $"INSERT INTO {table} (id, payload, old_col) SELECT g, g % 1000, md5(g::text) FROM generate_series(1, {rows}) AS g");
        if (withNewColumn)
        {
            await ExecuteAsync(connectionString, TriggerFunctionSql);
            await ExecuteAsync(connectionString, $"CREATE TRIGGER bench_rename_sync BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION bench_rename_sync()");
        }

        await ExecuteAsync(connectionString, $"VACUUM (ANALYZE) {table}");
        await ExecuteAsync(connectionString, "CHECKPOINT");
        await standby.WaitUntilCaughtUpAsync();
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
