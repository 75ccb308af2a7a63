using SafeMigrate.Execution;
using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The tables SafeMigrate keeps in the target database (schema <c>safe_migrate</c>) on PostgreSQL.
/// Created on first use by the owner of the schema objects; no superuser needed. The first run needs CREATE on the
/// database (for the schema); later ones only own what they change.
/// </summary>
internal static class PostgresStateSchema
{
    public const string Schema = "safe_migrate";

    /// <summary>One row per migration SafeMigrate has touched: its phase in the release flow.</summary>
    public const string MigrationStateTable = "safe_migrate.migration_state";

    /// <summary>One row per finished step (and the checkpoint of a step in progress, such as a backfill's last key).</summary>
    public const string StepStateTable = "safe_migrate.step_state";

    /// <summary>Idempotent DDL: safe to run at the start of every command.</summary>
    public const string CreateSql = """
        -- CREATE SCHEMA checks the CREATE privilege on the database even with IF NOT EXISTS and an existing schema: guarded,
        -- the owner of the schema objects runs every command once the schema exists, without CREATE on the database.
        DO $schema$
        BEGIN
            IF to_regnamespace('safe_migrate') IS NULL THEN
                CREATE SCHEMA safe_migrate;
            END IF;
        END
        $schema$;
        CREATE TABLE IF NOT EXISTS safe_migrate.migration_state (
            version      bigint      PRIMARY KEY,
            description  text        NOT NULL,
            phase        text        NOT NULL CHECK (phase IN ('pending', 'expanding', 'expanded', 'contracting', 'contracted', 'rolling_back')),
            started_at   timestamptz NOT NULL DEFAULT now(),
            updated_at   timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS safe_migrate.step_state (
            version      bigint      NOT NULL,
            phase        text        NOT NULL CHECK (phase IN ('expand', 'contract', 'rollback')),
            step_index   integer     NOT NULL,
            description  text        NOT NULL,
            status       text        NOT NULL CHECK (status IN ('running', 'done')),
            checkpoint   text,
            updated_at   timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (version, phase, step_index)
        );
        -- What a migration's expand fixed when it began: its undo without the steps that would drop what existed
        -- before, the schema answers, the install mark (see ExpandRecord). Added to state tables of earlier versions too.
        ALTER TABLE safe_migrate.migration_state ADD COLUMN IF NOT EXISTS expand_record text;

        """ + PostgresHeartbeatSql.CreateSql + PostgresRunProgressSql.CreateSql + PostgresPauseSql.CreateSql;

    /// <summary>Marks a migration expanding (@version, @description) and records its undo (@record) in one statement.</summary>
    public const string BeginExpandSql = """
        INSERT INTO safe_migrate.migration_state (version, description, phase, expand_record) VALUES (@version, @description, 'expanding', @record)
        ON CONFLICT (version) DO UPDATE SET phase = 'expanding', description = excluded.description, expand_record = excluded.expand_record, started_at = now(), updated_at = now()
        """;

    public const string ReadExpandRecordSql = "SELECT expand_record FROM safe_migrate.migration_state WHERE version = @version";

    /// <summary>The indexes of one phase's steps that were started (running) or finished (done).</summary>
    public const string ReadStartedStepsSql = "SELECT step_index FROM safe_migrate.step_state WHERE version = @version AND phase = @phase";

    /// <summary>The state statements of PostgreSQL, run by the shared <see cref="StateStore"/>.</summary>
    public static readonly StateSql Sql = new()
    {
        Create = CreateSql,
        StateExists = "SELECT CASE WHEN to_regclass('safe_migrate.migration_state') IS NULL THEN 0 ELSE 1 END",
        ReadPhases = "SELECT version, phase FROM safe_migrate.migration_state",
        ReadStates = "SELECT version, description, phase FROM safe_migrate.migration_state",
        SetPhase = """
            INSERT INTO safe_migrate.migration_state (version, description, phase) VALUES (@version, @description, @phase)
            ON CONFLICT (version) DO UPDATE SET phase = excluded.phase, description = excluded.description, updated_at = now()
            """,
        BeginExpand = BeginExpandSql,
        ReadExpandRecord = ReadExpandRecordSql,
        ReadStartedSteps = ReadStartedStepsSql,
        Forget = "DELETE FROM safe_migrate.step_state WHERE version = @version; DELETE FROM safe_migrate.migration_state WHERE version = @version;",
        IsDone = "SELECT CASE WHEN status = 'done' THEN 1 ELSE 0 END FROM safe_migrate.step_state WHERE version = @version AND phase = @phase AND step_index = @index",
        MarkStep = """
            INSERT INTO safe_migrate.step_state (version, phase, step_index, description, status) VALUES (@version, @phase, @index, @description, @status)
            ON CONFLICT (version, phase, step_index) DO UPDATE SET status = excluded.status, updated_at = now()
            """,
        SaveCheckpoint = """
            INSERT INTO safe_migrate.step_state AS s (version, phase, step_index, description, status, checkpoint)
            VALUES (@version, @phase, @index, @description, 'running', @checkpoint)
            ON CONFLICT (version, phase, step_index)
            DO UPDATE SET status = 'running', checkpoint = EXCLUDED.checkpoint, updated_at = now()
            """,
        LoadCheckpoint = "SELECT checkpoint FROM safe_migrate.step_state WHERE version = @version AND phase = @phase AND step_index = @index",
        ReadCheckpoints = "SELECT version, phase, step_index, checkpoint FROM safe_migrate.step_state WHERE checkpoint IS NOT NULL AND status = 'running'",
        VersionInfoExists = "SELECT CASE WHEN to_regclass('\"public\".\"VersionInfo\"') IS NULL THEN 0 ELSE 1 END",
        ReadVersionInfo = "SELECT \"Version\", coalesce(\"Description\", '') FROM \"public\".\"VersionInfo\"",

        // FluentMigrator stores AppliedOn as UTC without time zone; its version table is created as its own version
        // migrations create it, so an app that checks it (or a later plain FluentMigrator run) reads it as usual.
        InsertVersion = """
            CREATE TABLE IF NOT EXISTS "public"."VersionInfo" ("Version" bigint NOT NULL, "AppliedOn" timestamp, "Description" varchar(1024));
            CREATE UNIQUE INDEX IF NOT EXISTS "UC_Version" ON "public"."VersionInfo" ("Version");
            INSERT INTO "public"."VersionInfo" ("Version", "AppliedOn", "Description")
            SELECT @version, (now() AT TIME ZONE 'UTC'), @description
            WHERE NOT EXISTS (SELECT 1 FROM "public"."VersionInfo" WHERE "Version" = @version);
            """,
        DeleteVersion = "DELETE FROM \"public\".\"VersionInfo\" WHERE \"Version\" = @version",
        Heartbeats = PostgresHeartbeatSql.Sql,
        Pauses = PostgresPauseSql.Sql,
        Progress = PostgresRunProgressSql.Sql,
    };
}
