using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>The pause of a release on PostgreSQL (<c>safe_migrate.pause</c>, one row at most).</summary>
internal static class PostgresPauseSql
{
    /// <summary>Creates the table when missing: run by `pause`, and with the state schema at the start of every run.</summary>
    public const string CreateSql = """
        DO $pause$
        BEGIN
            IF to_regclass('safe_migrate.pause') IS NULL THEN
                IF to_regnamespace('safe_migrate') IS NULL THEN
                    CREATE SCHEMA safe_migrate;
                END IF;
                CREATE TABLE IF NOT EXISTS safe_migrate.pause (
                    id         integer     PRIMARY KEY CHECK (id = 1),
                    reason     text        NOT NULL,
                    paused_by  text        NOT NULL,
                    paused_at  timestamptz NOT NULL DEFAULT now()
                );
            END IF;
        END
        $pause$;
        """;

    public static readonly PauseSql Sql = new()
    {
        Create = CreateSql,
        Exists = "SELECT CASE WHEN to_regclass('safe_migrate.pause') IS NULL THEN 0 ELSE 1 END",
        Read = "SELECT reason, paused_by, paused_at FROM safe_migrate.pause WHERE id = 1",
        Pause = """
            INSERT INTO safe_migrate.pause (id, reason, paused_by) VALUES (1, @reason, @paused_by)
            ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, paused_by = excluded.paused_by, paused_at = now()
            """,
        Resume = "DELETE FROM safe_migrate.pause WHERE id = 1",
    };
}
