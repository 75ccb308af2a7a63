using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The tables SafeMigrate keeps in a SQL Server database (schema <c>safe_migrate</c>) and FluentMigrator's
/// <c>dbo.VersionInfo</c>, as T-SQL. CREATE SCHEMA must be alone in its batch, hence EXEC; every statement is
/// guarded, so the script is safe at the start of every command.
/// </summary>
internal static class SqlServerStateSchema
{
    public const string CreateSql = """
        IF SCHEMA_ID(N'safe_migrate') IS NULL
            EXEC (N'CREATE SCHEMA [safe_migrate] AUTHORIZATION [dbo]');
        IF OBJECT_ID(N'[safe_migrate].[migration_state]', N'U') IS NULL
            CREATE TABLE [safe_migrate].[migration_state] (
                [version]     bigint         NOT NULL CONSTRAINT [PK_safe_migrate_migration_state] PRIMARY KEY,
                [description] nvarchar(1024) NOT NULL,
                [phase]       nvarchar(20)   NOT NULL CONSTRAINT [CK_safe_migrate_migration_state_phase]
                    CHECK ([phase] IN (N'pending', N'expanding', N'expanded', N'contracting', N'contracted', N'rolling_back')),
                [started_at]  datetime2      NOT NULL CONSTRAINT [DF_safe_migrate_migration_state_started_at] DEFAULT SYSUTCDATETIME(),
                [updated_at]  datetime2      NOT NULL CONSTRAINT [DF_safe_migrate_migration_state_updated_at] DEFAULT SYSUTCDATETIME()
            );
        IF OBJECT_ID(N'[safe_migrate].[step_state]', N'U') IS NULL
            CREATE TABLE [safe_migrate].[step_state] (
                [version]     bigint         NOT NULL,
                [phase]       nvarchar(10)   NOT NULL CONSTRAINT [CK_safe_migrate_step_state_phase] CHECK ([phase] IN (N'expand', N'contract', N'rollback')),
                [step_index]  int            NOT NULL,
                [description] nvarchar(max)  NOT NULL,
                [status]      nvarchar(10)   NOT NULL CONSTRAINT [CK_safe_migrate_step_state_status] CHECK ([status] IN (N'running', N'done')),
                [checkpoint]  nvarchar(max)  NULL,
                [updated_at]  datetime2      NOT NULL CONSTRAINT [DF_safe_migrate_step_state_updated_at] DEFAULT SYSUTCDATETIME(),
                CONSTRAINT [PK_safe_migrate_step_state] PRIMARY KEY ([version], [phase], [step_index])
            );
        IF COL_LENGTH(N'safe_migrate.migration_state', N'expand_record') IS NULL
            ALTER TABLE [safe_migrate].[migration_state] ADD [expand_record] nvarchar(max) NULL;

        """ + SqlServerHeartbeatSql.CreateSql + SqlServerRunProgressSql.CreateSql + SqlServerPauseSql.CreateSql;

    /// <summary>Marks a migration expanding (@version, @description) and records its undo (@record), as one batch.</summary>
    public const string BeginExpandSql = """
        UPDATE [safe_migrate].[migration_state] SET [phase] = N'expanding', [description] = @description, [expand_record] = @record, [started_at] = SYSUTCDATETIME(), [updated_at] = SYSUTCDATETIME() WHERE [version] = @version;
        IF @@ROWCOUNT = 0
            INSERT INTO [safe_migrate].[migration_state] ([version], [description], [phase], [expand_record]) VALUES (@version, @description, N'expanding', @record);
        """;

    public const string ReadExpandRecordSql = "SELECT [expand_record] FROM [safe_migrate].[migration_state] WHERE [version] = @version;";

    /// <summary>The indexes of one phase's steps that were started (running) or finished (done).</summary>
    public const string ReadStartedStepsSql = "SELECT [step_index] FROM [safe_migrate].[step_state] WHERE [version] = @version AND [phase] = @phase;";

    /// <summary>Upsert of one migration's phase (@version, @description, @phase). UPDATE first: no MERGE (its race conditions), and the PK settles ties.</summary>
    public const string SetPhaseSql = """
        UPDATE [safe_migrate].[migration_state] SET [phase] = @phase, [description] = @description, [updated_at] = SYSUTCDATETIME() WHERE [version] = @version;
        IF @@ROWCOUNT = 0
            INSERT INTO [safe_migrate].[migration_state] ([version], [description], [phase]) VALUES (@version, @description, @phase);
        """;

    /// <summary>1 when <c>[safe_migrate].[migration_state]</c> exists: reading commands (plan, status) create nothing.</summary>
    public const string MigrationStateExistsSql = "SELECT CASE WHEN OBJECT_ID(N'[safe_migrate].[migration_state]', N'U') IS NULL THEN 0 ELSE 1 END;";

    public const string ReadStatesSql = "SELECT [version], [description], [phase] FROM [safe_migrate].[migration_state];";

    /// <summary>Forgets a rolled-back migration (@version): it is pending again, and a new expand starts from its first step.</summary>
    public const string ForgetSql = """
        DELETE FROM [safe_migrate].[step_state] WHERE [version] = @version;
        DELETE FROM [safe_migrate].[migration_state] WHERE [version] = @version;
        """;

    public const string ReadPhasesSql = "SELECT [version], [phase] FROM [safe_migrate].[migration_state];";

    public const string IsDoneSql =
        "SELECT CASE WHEN [status] = N'done' THEN 1 ELSE 0 END FROM [safe_migrate].[step_state] WHERE [version] = @version AND [phase] = @phase AND [step_index] = @index;";

    /// <summary>Upsert of a step's status (@version, @phase, @index, @description, @status).</summary>
    public const string MarkStepSql = """
        UPDATE [safe_migrate].[step_state] SET [status] = @status, [updated_at] = SYSUTCDATETIME() WHERE [version] = @version AND [phase] = @phase AND [step_index] = @index;
        IF @@ROWCOUNT = 0
            INSERT INTO [safe_migrate].[step_state] ([version], [phase], [step_index], [description], [status]) VALUES (@version, @phase, @index, @description, @status);
        """;

    /// <summary>Saves a backfill checkpoint (@version, @phase, @index, @description, @checkpoint) with the batch, in its transaction.</summary>
    public const string SaveCheckpointSql = """
        UPDATE [safe_migrate].[step_state] SET [status] = N'running', [checkpoint] = @checkpoint, [updated_at] = SYSUTCDATETIME() WHERE [version] = @version AND [phase] = @phase AND [step_index] = @index;
        IF @@ROWCOUNT = 0
            INSERT INTO [safe_migrate].[step_state] ([version], [phase], [step_index], [description], [status], [checkpoint]) VALUES (@version, @phase, @index, @description, N'running', @checkpoint);
        """;

    public const string ReadCheckpointsSql =
        "SELECT [version], [phase], [step_index], [checkpoint] FROM [safe_migrate].[step_state] WHERE [checkpoint] IS NOT NULL AND [status] = N'running';";

    public const string LoadCheckpointSql =
        "SELECT [checkpoint] FROM [safe_migrate].[step_state] WHERE [version] = @version AND [phase] = @phase AND [step_index] = @index;";

    /// <summary>FluentMigrator's default version table on SQL Server, and its unique index, as its own version migrations create them.</summary>
    public const string InsertVersionSql = """
        IF OBJECT_ID(N'[dbo].[VersionInfo]', N'U') IS NULL
        BEGIN
            CREATE TABLE [dbo].[VersionInfo] ([Version] bigint NOT NULL, [AppliedOn] datetime NULL, [Description] nvarchar(1024) NULL);
            CREATE UNIQUE CLUSTERED INDEX [UC_Version] ON [dbo].[VersionInfo] ([Version] ASC);
        END;
        IF NOT EXISTS (SELECT 1 FROM [dbo].[VersionInfo] WHERE [Version] = @version)
            INSERT INTO [dbo].[VersionInfo] ([Version], [AppliedOn], [Description]) VALUES (@version, GETUTCDATE(), @description);
        """;

    /// <summary>1 when FluentMigrator's <c>[dbo].[VersionInfo]</c> exists (a database never migrated has none).</summary>
    public const string VersionInfoExistsSql = "SELECT CASE WHEN OBJECT_ID(N'[dbo].[VersionInfo]', N'U') IS NULL THEN 0 ELSE 1 END;";

    public const string ReadVersionInfoSql = "SELECT [Version], COALESCE([Description], N'') FROM [dbo].[VersionInfo];";

    public const string DeleteVersionSql = """
        IF OBJECT_ID(N'[dbo].[VersionInfo]', N'U') IS NOT NULL
            DELETE FROM [dbo].[VersionInfo] WHERE [Version] = @version;
        """;

    /// <summary>The state statements of SQL Server, run by the shared <see cref="StateStore"/>.</summary>
    public static readonly StateSql Sql = new()
    {
        Create = CreateSql,
        StateExists = MigrationStateExistsSql,
        ReadPhases = ReadPhasesSql,
        ReadStates = ReadStatesSql,
        SetPhase = SetPhaseSql,
        BeginExpand = BeginExpandSql,
        ReadExpandRecord = ReadExpandRecordSql,
        ReadStartedSteps = ReadStartedStepsSql,
        Forget = ForgetSql,
        IsDone = IsDoneSql,
        MarkStep = MarkStepSql,
        SaveCheckpoint = SaveCheckpointSql,
        LoadCheckpoint = LoadCheckpointSql,
        ReadCheckpoints = ReadCheckpointsSql,
        VersionInfoExists = VersionInfoExistsSql,
        ReadVersionInfo = ReadVersionInfoSql,
        InsertVersion = InsertVersionSql,
        DeleteVersion = DeleteVersionSql,
        Heartbeats = SqlServerHeartbeatSql.Sql,
        Pauses = SqlServerPauseSql.Sql,
        Progress = SqlServerRunProgressSql.Sql,
    };
}
