using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>The heartbeats of running app instances on PostgreSQL (<c>safe_migrate.app_instances</c>).</summary>
internal static class PostgresHeartbeatSql
{
    /// <summary>
    /// Guarded by the table's absence, not by IF NOT EXISTS alone: CREATE SCHEMA checks the CREATE privilege on the
    /// database even when the schema exists, and GRANT rewrites the catalog row, so neither runs once the table is there.
    /// PUBLIC gets the table (each app login writes its own beat) and read access to the phases (the health check of
    /// an app whose login is not the migration login).
    /// </summary>
    public const string CreateSql = """
        DO $heartbeat$
        BEGIN
            IF to_regclass('safe_migrate.app_instances') IS NULL THEN
                IF to_regnamespace('safe_migrate') IS NULL THEN
                    CREATE SCHEMA safe_migrate;
                END IF;
                CREATE TABLE IF NOT EXISTS safe_migrate.app_instances (
                    instance_id       text        PRIMARY KEY,
                    app_version       text        NOT NULL,
                    newest_migration  bigint      NOT NULL,
                    host_name         text        NOT NULL,
                    started_at        timestamptz NOT NULL DEFAULT now(),
                    last_seen         timestamptz NOT NULL DEFAULT now(),
                    expires_at        timestamptz NOT NULL
                );
                GRANT USAGE ON SCHEMA safe_migrate TO PUBLIC;
                GRANT SELECT, INSERT, UPDATE, DELETE ON safe_migrate.app_instances TO PUBLIC;
                IF to_regclass('safe_migrate.migration_state') IS NOT NULL THEN
                    GRANT SELECT ON safe_migrate.migration_state TO PUBLIC;
                END IF;
            END IF;
        END
        $heartbeat$;
        """;

    public static readonly HeartbeatSql Sql = new()
    {
        Create = CreateSql,
        Exists = "SELECT CASE WHEN to_regclass('safe_migrate.app_instances') IS NULL THEN 0 ELSE 1 END",
        Beat = """
            INSERT INTO safe_migrate.app_instances (instance_id, app_version, newest_migration, host_name, expires_at)
            VALUES (@instance, @app_version, @newest, @host, now() + @expiry_ms::float8 * interval '1 millisecond')
            ON CONFLICT (instance_id) DO UPDATE SET app_version = excluded.app_version, newest_migration = excluded.newest_migration,
                host_name = excluded.host_name, last_seen = now(), expires_at = excluded.expires_at
            """,
        Leave = "DELETE FROM safe_migrate.app_instances WHERE instance_id = @instance",
        Prune = "DELETE FROM safe_migrate.app_instances WHERE expires_at < now() - interval '1 day'",
        ReadLive = """
            SELECT instance_id, app_version, newest_migration, host_name, started_at, last_seen
            FROM safe_migrate.app_instances WHERE expires_at > now() ORDER BY newest_migration, started_at, instance_id
            """,
    };
}
