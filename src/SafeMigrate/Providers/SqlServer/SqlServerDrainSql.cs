namespace SafeMigrate.Providers.SqlServer;

/// <summary>The T-SQL of contract's wait for the old version to leave (<c>--wait-for-drain</c>).</summary>
internal static class SqlServerDrainSql
{
    /// <summary>On SQL Server and Managed Instance, other sessions appear in <c>sys.dm_exec_sessions</c> with VIEW SERVER STATE only.</summary>
    public const string CanSeeSessionsSql = "SELECT CAST(HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') AS int);";

    /// <summary>On Azure SQL Database the DMV is database-scoped and needs VIEW DATABASE STATE.</summary>
    public const string CanSeeSessionsAzureSql = "SELECT CAST(HAS_PERMS_BY_NAME(DB_NAME(), N'DATABASE', N'VIEW DATABASE STATE') AS int);";

    /// <summary>User sessions of this database whose program name is LIKE @pattern, except this one and @own_session (the lock's).</summary>
    public const string CountSessionsSql = """
        SELECT COUNT_BIG(*) FROM sys.dm_exec_sessions
        WHERE is_user_process = 1 AND database_id = DB_ID() AND session_id <> @@SPID
          AND (@own_session IS NULL OR session_id <> @own_session)
          AND program_name LIKE @pattern;
        """;
}
