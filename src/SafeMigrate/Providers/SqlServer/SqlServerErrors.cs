using Microsoft.Data.SqlClient;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>The SQL Server errors a run retries: a lock not granted within LOCK_TIMEOUT (1222) and a lost deadlock (1205).</summary>
public static class SqlServerErrors
{
    public const int LockTimeout = 1222;

    public const int DeadlockVictim = 1205;

    public static bool IsLockFailure(Exception e) => e is SqlException { Number: LockTimeout or DeadlockVictim };
}
