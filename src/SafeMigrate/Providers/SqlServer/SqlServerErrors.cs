using System.Data.Common;
using Microsoft.Data.SqlClient;
using SafeMigrate.Execution;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>SqlClient's errors as the engine sees them: a run retries a lock not granted within LOCK_TIMEOUT (1222) and a lost deadlock (1205).</summary>
/// <param name="errorNumber">The server's error number of an exception, or null when it is none of the server's (tests read their fakes' numbers).</param>
internal sealed class SqlServerErrors(Func<Exception, int?> errorNumber) : DatabaseErrors
{
    public const int LockTimeout = 1222;

    public const int DeadlockVictim = 1205;

    public static SqlServerErrors Instance { get; } = new(e => e is SqlException sql ? sql.Number : null);

    /// <summary>1222 cancels only the statement: the transaction stays open and must be rolled back by the caller.</summary>
    public override bool IsLockFailure(Exception e) => errorNumber(e) is LockTimeout or DeadlockVictim;

    /// <summary>Severity 20 and above ends the connection (SqlClient's <see cref="SqlException.Class"/>).</summary>
    public override bool IsConnectionFailure(DbException e) => e is SqlException { Class: >= 20 };

    public override string Describe(DbException e) =>
        errorNumber(e) is { } number ? $"{e.Message.TrimEnd('.')} (error {number})" : e.Message.TrimEnd('.');
}
