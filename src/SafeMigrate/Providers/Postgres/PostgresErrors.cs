using System.Data.Common;
using Npgsql;
using SafeMigrate.Execution;

namespace SafeMigrate.Providers.Postgres;

/// <summary>Npgsql's errors as the engine sees them.</summary>
internal sealed class PostgresErrors : DatabaseErrors
{
    public static PostgresErrors Instance { get; } = new();

    /// <summary><c>lock_timeout</c> (55P03) or a lost deadlock (40P01): PostgreSQL has rolled the statement's transaction back.</summary>
    public override bool IsLockFailure(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected };

    /// <summary>Also serialization failures (40001): a batch under REPEATABLE READ or SERIALIZABLE defaults is retried whole.</summary>
    public override bool IsRetryableInBatch(Exception e) =>
        IsLockFailure(e) || e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure };

    /// <summary>An Npgsql error that is not the server's (a <see cref="PostgresException"/>): the connection broke.</summary>
    public override bool IsConnectionFailure(DbException e) => e is NpgsqlException and not PostgresException;

    public override string Describe(DbException e) =>
        e is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : e.Message.TrimEnd('.');
}
