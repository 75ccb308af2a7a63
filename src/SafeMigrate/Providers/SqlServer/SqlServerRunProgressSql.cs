using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>The live progress of a run on SQL Server (<c>[safe_migrate].[run_progress]</c>, one row at most), times in UTC.</summary>
internal static class SqlServerRunProgressSql
{
    /// <summary>Part of the state schema's DDL (the schema exists when it runs).</summary>
    public const string CreateSql = """
        IF OBJECT_ID(N'[safe_migrate].[run_progress]', N'U') IS NULL
            CREATE TABLE [safe_migrate].[run_progress] (
                [id]              int            NOT NULL CONSTRAINT [PK_safe_migrate_run_progress] PRIMARY KEY CONSTRAINT [CK_safe_migrate_run_progress_one_row] CHECK ([id] = 1),
                [run_by]          nvarchar(400)  NOT NULL,
                [started_at]      datetime2      NOT NULL,
                [updated_at]      datetime2      NOT NULL CONSTRAINT [DF_safe_migrate_run_progress_updated_at] DEFAULT SYSUTCDATETIME(),
                [version]         bigint         NOT NULL,
                [phase]           nvarchar(10)   NOT NULL,
                [step]            int            NOT NULL,
                [steps]           int            NOT NULL,
                [description]     nvarchar(max)  NOT NULL,
                [step_started_at] datetime2      NOT NULL,
                [rows_done]       bigint         NULL,
                [rows_total]      bigint         NULL,
                [rows_per_second] float          NULL,
                [waiting_for]     nvarchar(max)  NULL,
                [waiting_since]   datetime2      NULL
            );

        """;

    public const string SaveSql = """
        UPDATE [safe_migrate].[run_progress]
        SET [run_by] = @run_by, [started_at] = @started_at, [updated_at] = SYSUTCDATETIME(), [version] = @version, [phase] = @phase,
            [step] = @step, [steps] = @steps, [description] = @description, [step_started_at] = @step_started_at,
            [rows_done] = @rows_done, [rows_total] = @rows_total, [rows_per_second] = @rows_per_second,
            [waiting_for] = @waiting_for, [waiting_since] = @waiting_since
        WHERE [id] = 1;
        IF @@ROWCOUNT = 0
            INSERT INTO [safe_migrate].[run_progress]
                ([id], [run_by], [started_at], [version], [phase], [step], [steps], [description], [step_started_at],
                 [rows_done], [rows_total], [rows_per_second], [waiting_for], [waiting_since])
            VALUES (1, @run_by, @started_at, @version, @phase, @step, @steps, @description, @step_started_at,
                    @rows_done, @rows_total, @rows_per_second, @waiting_for, @waiting_since);
        """;

    public const string ExistsSql = "SELECT CASE WHEN OBJECT_ID(N'[safe_migrate].[run_progress]', N'U') IS NULL THEN 0 ELSE 1 END";

    /// <summary>APPLOCK_TEST answers 0 when the session lock of <see cref="SqlServerMigrationLock"/> cannot be granted now: a run holds it.</summary>
    public const string ReadSql = $"""
        SELECT CASE WHEN APPLOCK_TEST(N'public', N'{SqlServerMigrationLock.Resource}', N'Exclusive', N'Session') = 0 THEN 1 ELSE 0 END,
               [run_by], [started_at], [updated_at], [version], [phase], [step], [steps], [description], [step_started_at],
               [rows_done], [rows_total], [rows_per_second], [waiting_for], [waiting_since]
        FROM [safe_migrate].[run_progress] WHERE [id] = 1
        """;

    public const string DeleteSql = "DELETE FROM [safe_migrate].[run_progress] WHERE [id] = 1";

    public static readonly RunProgressSql Sql = new()
    {
        Create = CreateSql,
        Exists = ExistsSql,
        Read = ReadSql,
        Save = SaveSql,
        Delete = DeleteSql,
    };
}
