using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>The live progress of a run on PostgreSQL (<c>safe_migrate.run_progress</c>, one row at most).</summary>
internal static class PostgresRunProgressSql
{
    /// <summary>Part of the state schema's DDL (the schema exists when it runs).</summary>
    public const string CreateSql = """
        CREATE TABLE IF NOT EXISTS safe_migrate.run_progress (
            id               integer          PRIMARY KEY CHECK (id = 1),
            run_by           text             NOT NULL,
            started_at       timestamptz      NOT NULL,
            updated_at       timestamptz      NOT NULL DEFAULT now(),
            version          bigint           NOT NULL,
            phase            text             NOT NULL,
            step             integer          NOT NULL,
            steps            integer          NOT NULL,
            description      text             NOT NULL,
            step_started_at  timestamptz      NOT NULL,
            rows_done        bigint,
            rows_total       bigint,
            rows_per_second  double precision,
            waiting_for      text,
            waiting_since    timestamptz
        );

        """;

    public static readonly RunProgressSql Sql = new()
    {
        Create = CreateSql,
        Exists = "SELECT CASE WHEN to_regclass('safe_migrate.run_progress') IS NULL THEN 0 ELSE 1 END",

        // pg_locks is readable by every role: the run holds the session advisory lock of PostgresMigrationLock.
        // pg_locks lists the whole cluster, and advisory locks are per database: a run on another database of the
        // same server holds the same key without running here.
        Read = $"""
            SELECT CASE WHEN EXISTS (
                       SELECT 1 FROM pg_locks
                       WHERE locktype = 'advisory' AND granted AND objsubid = 1
                         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                         AND classid = {PostgresMigrationLock.Key >> 32} AND objid = {PostgresMigrationLock.Key & 0xFFFF_FFFF})
                   THEN 1 ELSE 0 END,
                   run_by, started_at, updated_at, version, phase, step, steps, description, step_started_at,
                   rows_done, rows_total, rows_per_second, waiting_for, waiting_since
            FROM safe_migrate.run_progress WHERE id = 1
            """,
        Save = """
            INSERT INTO safe_migrate.run_progress AS p
                (id, run_by, started_at, version, phase, step, steps, description, step_started_at,
                 rows_done, rows_total, rows_per_second, waiting_for, waiting_since)
            VALUES (1, @run_by, @started_at, @version, @phase, @step, @steps, @description, @step_started_at,
                    @rows_done, @rows_total, @rows_per_second, @waiting_for, @waiting_since)
            ON CONFLICT (id) DO UPDATE SET
                run_by = excluded.run_by, started_at = excluded.started_at, updated_at = now(), version = excluded.version,
                phase = excluded.phase, step = excluded.step, steps = excluded.steps, description = excluded.description,
                step_started_at = excluded.step_started_at, rows_done = excluded.rows_done, rows_total = excluded.rows_total,
                rows_per_second = excluded.rows_per_second, waiting_for = excluded.waiting_for, waiting_since = excluded.waiting_since
            """,
        Delete = "DELETE FROM safe_migrate.run_progress WHERE id = 1",
    };
}
