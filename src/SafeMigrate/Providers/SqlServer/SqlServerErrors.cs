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

    /// <summary>"The %ls permission was denied on the object …": the message names the permission and the object.</summary>
    public const int ObjectPermissionDenied = 229;

    /// <summary>"The %ls permission was denied on the column …".</summary>
    public const int ColumnPermissionDenied = 230;

    /// <summary>"%ls permission denied in database …", e.g. CREATE TABLE.</summary>
    public const int DatabasePermissionDenied = 262;

    /// <summary>"The user does not have permission to perform this action."</summary>
    public const int ActionPermissionDenied = 297;

    /// <summary>"%ls permission was denied on object …, database …", e.g. VIEW DATABASE STATE.</summary>
    public const int ServerPermissionDenied = 300;

    /// <summary>"The server principal … is not able to access the database … under the current security context."</summary>
    public const int NoDatabaseAccess = 916;

    /// <summary>"User does not have permission to perform this action."</summary>
    public const int UserPermissionDenied = 15247;

    /// <summary>"Failed to update database … because the database is read-only."</summary>
    public const int ReadOnlyDatabase = 3906;

    public static SqlServerErrors Instance { get; } = new(e => e is SqlException sql ? sql.Number : null);

    /// <summary>1222 cancels only the statement: the transaction stays open and must be rolled back by the caller.</summary>
    public override bool IsLockFailure(Exception e) => errorNumber(e) is LockTimeout or DeadlockVictim;

    /// <summary>Severity 20 and above ends the connection (SqlClient's <see cref="SqlException.Class"/>).</summary>
    public override bool IsConnectionFailure(DbException e) => e is SqlException { Class: >= 20 };

    public override string? DescribeAccessDenied(DbException e)
    {
        var number = errorNumber(e);
        var hint = number switch
        {
            ObjectPermissionDenied or ColumnPermissionDenied or DatabasePermissionDenied or ServerPermissionDenied =>
                "the connecting user lacks the permission the message names: GRANT it to the user (schema changes: ALTER on the schema or membership in db_ddladmin), or connect as a user that has it",
            ActionPermissionDenied or UserPermissionDenied =>
                "the connecting user may not run this statement: connect as the owner of the schema objects (for example a member of db_owner)",
            NoDatabaseAccess =>
                "the login has no user in this database: CREATE USER … FOR LOGIN … in it, or connect with a login that has one",
            ReadOnlyDatabase =>
                "the database is read-only: connect to the primary replica (not a readable secondary), or ALTER DATABASE … SET READ_WRITE",
            _ => null,
        };
        return hint is null ? null : $"{e.Message.TrimEnd('.')} (error {number}): {hint}";
    }

    protected override string DescribeServerError(DbException e) =>
        errorNumber(e) is { } number ? $"{e.Message.TrimEnd('.')} (error {number})" : e.Message.TrimEnd('.');
}
