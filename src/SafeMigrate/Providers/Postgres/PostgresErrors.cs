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

    /// <summary>
    /// <c>insufficient_privilege</c> (42501), whose message names the object but not the privilege, and
    /// <c>read_only_sql_transaction</c> (25006), raised on a hot standby and wherever <c>default_transaction_read_only</c> is on.
    /// </summary>
    public override string? DescribeAccessDenied(DbException e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } pg =>
            $"{pg.MessageText} (SQLSTATE {pg.SqlState}): {MissingPrivilege(pg.MessageText)}",
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } pg =>
            $"{pg.MessageText} (SQLSTATE {pg.SqlState}): {ReadOnlyCause(pg.MessageText)}",
        _ => null,
    };

    protected override string DescribeServerError(DbException e) =>
        e is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : e.Message.TrimEnd('.');

    /// <summary>What to grant, from the wording of PostgreSQL's <c>aclcheck_error</c> messages (the same in 12 to 18).</summary>
    private static string MissingPrivilege(string message)
    {
        if (After(message, "permission denied for database ") is { } database)
        {
            // CREATE SCHEMA checks CREATE on the database even with IF NOT EXISTS; SafeMigrate creates its own schema only
            // when it is missing (PostgresStateSchema), so this is a first run's need, or a migration's CREATE SCHEMA.
            return $"the connecting role needs the CREATE privilege on database {database}, which CREATE SCHEMA (also SafeMigrate's safe_migrate state schema, on the first run) requires: GRANT CREATE ON DATABASE {database} TO the role, connect as the database's owner, or have the owner run CREATE SCHEMA safe_migrate AUTHORIZATION <the role> once";
        }

        if (After(message, "permission denied for schema ") is { } schema)
        {
            return $"the connecting role needs USAGE and CREATE on schema {schema}: GRANT USAGE, CREATE ON SCHEMA {schema} TO the role, or connect as the schema's owner";
        }

        if (After(message, "must be owner of ") is { } owned)
        {
            return $"only the owner of {owned} (or a member of the owning role) may change it: connect as that role, or make the connecting role a member of it";
        }

        if (After(message, "permission denied for ") is { } target)
        {
            return $"the connecting role lacks the privilege the statement needs on {target} (SELECT, INSERT, UPDATE, DELETE, REFERENCES or TRIGGER): GRANT it to the role, or connect as the owner of the schema objects";
        }

        return "grant the connecting role that privilege, or connect as the owner of the schema objects";
    }

    private static string ReadOnlyCause(string message) =>
        message.Contains("during recovery", StringComparison.Ordinal)
            ? "the server is a standby in recovery: connect to the primary"
            : "the session is read-only: connect to the primary, not a hot standby, and make sure default_transaction_read_only is off for the database, the role and the server (SHOW default_transaction_read_only; ALTER DATABASE <database> SET default_transaction_read_only = off)";

    private static string? After(string message, string prefix) =>
        message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : null;
}
