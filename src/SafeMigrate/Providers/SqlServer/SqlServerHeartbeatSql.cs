using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>The heartbeats of running app instances on SQL Server (<c>[safe_migrate].[app_instances]</c>), times in UTC.</summary>
internal static class SqlServerHeartbeatSql
{
    /// <summary>
    /// Guarded by the table's absence; the database role <c>public</c> gets the table (each app login writes its own
    /// beat) and read access to the phases (the health check of an app whose login is not the migration login).
    /// </summary>
    public const string CreateSql = """
        IF OBJECT_ID(N'[safe_migrate].[app_instances]', N'U') IS NULL
        BEGIN
            IF SCHEMA_ID(N'safe_migrate') IS NULL
                EXEC (N'CREATE SCHEMA [safe_migrate] AUTHORIZATION [dbo]');
            CREATE TABLE [safe_migrate].[app_instances] (
                [instance_id]      nvarchar(200)  NOT NULL CONSTRAINT [PK_safe_migrate_app_instances] PRIMARY KEY,
                [app_version]      nvarchar(200)  NOT NULL,
                [newest_migration] bigint         NOT NULL,
                [host_name]        nvarchar(256)  NOT NULL,
                [started_at]       datetime2      NOT NULL CONSTRAINT [DF_safe_migrate_app_instances_started_at] DEFAULT SYSUTCDATETIME(),
                [last_seen]        datetime2      NOT NULL CONSTRAINT [DF_safe_migrate_app_instances_last_seen] DEFAULT SYSUTCDATETIME(),
                [expires_at]       datetime2      NOT NULL
            );
            GRANT SELECT, INSERT, UPDATE, DELETE ON [safe_migrate].[app_instances] TO [public];
            IF OBJECT_ID(N'[safe_migrate].[migration_state]', N'U') IS NOT NULL
                GRANT SELECT ON [safe_migrate].[migration_state] TO [public];
        END;
        """;

    /// <summary>UPDATE first, then INSERT: an instance beats from one loop, so its own beats never race.</summary>
    public const string BeatSql = """
        UPDATE [safe_migrate].[app_instances]
        SET [app_version] = @app_version, [newest_migration] = @newest, [host_name] = @host, [last_seen] = SYSUTCDATETIME(),
            [expires_at] = DATEADD(millisecond, CAST(@expiry_ms AS int), SYSUTCDATETIME())
        WHERE [instance_id] = @instance;
        IF @@ROWCOUNT = 0
            INSERT INTO [safe_migrate].[app_instances] ([instance_id], [app_version], [newest_migration], [host_name], [expires_at])
            VALUES (@instance, @app_version, @newest, @host, DATEADD(millisecond, CAST(@expiry_ms AS int), SYSUTCDATETIME()));
        """;

    public const string ExistsSql = "SELECT CASE WHEN OBJECT_ID(N'[safe_migrate].[app_instances]', N'U') IS NULL THEN 0 ELSE 1 END;";

    public const string LeaveSql = "DELETE FROM [safe_migrate].[app_instances] WHERE [instance_id] = @instance;";

    public const string PruneSql = "DELETE FROM [safe_migrate].[app_instances] WHERE [expires_at] < DATEADD(day, -1, SYSUTCDATETIME());";

    public const string ReadLiveSql = """
        SELECT [instance_id], [app_version], [newest_migration], [host_name], [started_at], [last_seen]
        FROM [safe_migrate].[app_instances] WHERE [expires_at] > SYSUTCDATETIME() ORDER BY [newest_migration], [started_at], [instance_id];
        """;

    public static readonly HeartbeatSql Sql = new()
    {
        Create = CreateSql,
        Exists = ExistsSql,
        Beat = BeatSql,
        Leave = LeaveSql,
        Prune = PruneSql,
        ReadLive = ReadLiveSql,
    };
}
