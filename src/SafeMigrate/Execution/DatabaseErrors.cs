using System.Data.Common;

namespace SafeMigrate.Execution;

/// <summary>
/// What one provider's driver errors mean to the engine: which are lock failures (retried by <see cref="RetryPolicy"/>),
/// which a backfill batch retries whole, which mean the connection itself is gone, and how a server error is told in
/// one line. The only place where the engine looks at driver exceptions.
/// </summary>
internal abstract class DatabaseErrors
{
    /// <summary>A lock not granted within the lock timeout, or a lost deadlock: the statement's work is undone and the step can be tried again.</summary>
    public abstract bool IsLockFailure(Exception e);

    /// <summary>What makes a backfill batch roll back and try again: lock failures, and whatever else the server asks to retry.</summary>
    public virtual bool IsRetryableInBatch(Exception e) => IsLockFailure(e);

    /// <summary>The connection failed (network, server gone), as opposed to the server rejecting a statement.</summary>
    public abstract bool IsConnectionFailure(DbException e);

    /// <summary>
    /// The server's own message, with its error code, for a one-line report; for a privilege the connecting user lacks
    /// or a database that takes no writes, <see cref="DescribeAccessDenied"/>'s sentence instead.
    /// </summary>
    public string Describe(DbException e) => DescribeAccessDenied(e) ?? DescribeServerError(e);

    /// <summary>
    /// A privilege the connecting user lacks, or a database that accepts no writes (a standby, a read-only setting): the
    /// server's message and what to grant or change, in one line; null for any other error.
    /// </summary>
    public abstract string? DescribeAccessDenied(DbException e);

    /// <summary>The server's own message, with its error code.</summary>
    protected abstract string DescribeServerError(DbException e);
}
