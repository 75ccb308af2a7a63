namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The T-SQL of the replica-lag throttle on SQL Server, over the Always On availability group DMVs. Not executed in
/// this project's tests (no SQL Server runs here): parsed with ScriptDom and compared with a golden file.
/// </summary>
/// <remarks>
/// <c>sys.dm_hadr_database_replica_states</c> (SQL Server 2012+, and Managed Instance; not Azure SQL Database) has, on
/// the primary, one row for the primary database (<c>is_local</c> = 1) and one per secondary database. Its
/// <c>last_commit_lsn</c> (numeric(25,0), 2012+) is, on the primary's row, the last commit record written, and on a
/// secondary's row the last commit record that secondary has redone, as it last reported: two comparable log positions,
/// so the runner dates them with its own samples and a suspended or stuck secondary lags more and more.
/// <c>secondary_lag_seconds</c> (2016+) is not used: the documentation does not say how it behaves while data movement is
/// suspended. Reading the DMV needs VIEW SERVER STATE (SQL Server 2022: VIEW SERVER PERFORMANCE STATE, which VIEW SERVER
/// STATE implies).
/// </remarks>
internal static class SqlServerReplicaLagSql
{
    /// <summary>Whether this login may read the availability group DMVs (without it they raise error 300).</summary>
    public const string CanSeeReplicasSql = "SELECT CAST(HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') AS int) AS can_see_replicas;";

    /// <summary>The current database's replicas in its availability group: no rows when it is in none.</summary>
    public const string ReadPositionsSql = """
        SELECT d.is_local, r.replica_server_name, d.last_commit_lsn
        FROM sys.dm_hadr_database_replica_states AS d
        JOIN sys.availability_replicas AS r ON r.replica_id = d.replica_id
        WHERE d.database_id = DB_ID();
        """;
}
