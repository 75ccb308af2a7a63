using SafeMigrate.Execution;
namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The tables SafeMigrate keeps in the target database (schema <c>safe_migrate</c>) on PostgreSQL.
/// Created on first use by the owner of the schema objects; no superuser needed.
/// </summary>
public static class PostgresStateSchema
{
    public const string Schema = "safe_migrate";

    /// <summary>One row per migration SafeMigrate has touched: its phase in the release flow.</summary>
    public const string MigrationStateTable = "safe_migrate.migration_state";

    /// <summary>One row per finished step (and the checkpoint of a step in progress, such as a backfill's last key).</summary>
    public const string StepStateTable = "safe_migrate.step_state";

    /// <summary>Idempotent DDL: safe to run at the start of every command.</summary>
    public const string CreateSql = """
        CREATE SCHEMA IF NOT EXISTS safe_migrate;
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
        """;

    /// <summary>Marks a migration expanding (@version, @description) and records its undo (@record) in one statement.</summary>
    public const string BeginExpandSql = """
        INSERT INTO safe_migrate.migration_state (version, description, phase, expand_record) VALUES (@version, @description, 'expanding', @record)
        ON CONFLICT (version) DO UPDATE SET phase = 'expanding', description = excluded.description, expand_record = excluded.expand_record, started_at = now(), updated_at = now()
        """;

    public const string ReadExpandRecordSql = "SELECT expand_record FROM safe_migrate.migration_state WHERE version = @version";

    /// <summary>The indexes of one phase's steps that were started (running) or finished (done).</summary>
    public const string ReadStartedStepsSql = "SELECT step_index FROM safe_migrate.step_state WHERE version = @version AND phase = @phase";
}
