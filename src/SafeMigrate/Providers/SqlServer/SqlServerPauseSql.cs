using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>The pause of a release on SQL Server (<c>[safe_migrate].[pause]</c>, one row at most), times in UTC.</summary>
internal static class SqlServerPauseSql
{
    /// <summary>Asked before each step and batch of a run.</summary>
    public const string ExistsSql = "SELECT CASE WHEN OBJECT_ID(N'[safe_migrate].[pause]', N'U') IS NULL THEN 0 ELSE 1 END";

    /// <summary>Creates the table when missing: run by `pause`, and with the state schema at the start of every run.</summary>
    public const string CreateSql = """
        IF OBJECT_ID(N'[safe_migrate].[pause]', N'U') IS NULL
        BEGIN
            IF SCHEMA_ID(N'safe_migrate') IS NULL
                EXEC (N'CREATE SCHEMA [safe_migrate] AUTHORIZATION [dbo]');
            CREATE TABLE [safe_migrate].[pause] (
                [id]        int            NOT NULL CONSTRAINT [PK_safe_migrate_pause] PRIMARY KEY CONSTRAINT [CK_safe_migrate_pause_one_row] CHECK ([id] = 1),
                [reason]    nvarchar(1000) NOT NULL,
                [paused_by] nvarchar(400)  NOT NULL,
                [paused_at] datetime2      NOT NULL CONSTRAINT [DF_safe_migrate_pause_paused_at] DEFAULT SYSUTCDATETIME()
            );
        END;
        """;

    public static readonly PauseSql Sql = new()
    {
        Create = CreateSql,
        Exists = ExistsSql,
        Read = "SELECT [reason], [paused_by], [paused_at] FROM [safe_migrate].[pause] WHERE [id] = 1",
        Pause = """
            UPDATE [safe_migrate].[pause] SET [reason] = @reason, [paused_by] = @paused_by, [paused_at] = SYSUTCDATETIME() WHERE [id] = 1;
            IF @@ROWCOUNT = 0
                INSERT INTO [safe_migrate].[pause] ([id], [reason], [paused_by]) VALUES (1, @reason, @paused_by);
            """,
        Resume = "DELETE FROM [safe_migrate].[pause] WHERE [id] = 1",
    };
}
