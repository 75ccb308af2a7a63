using System.Data.Common;

namespace SafeMigrate.State;

/// <summary>
/// The database-wide lock every command that changes the database holds for its whole run, taken without waiting so
/// that a second run fails at once (exit 4) instead of queueing. Each provider ties it to a session that the server
/// ends, and the lock with it, if the process is killed.
/// </summary>
internal interface IMigrationLock
{
    /// <exception cref="Errors.BlockedException">Another run holds the lock.</exception>
    Task AcquireAsync(DbConnection connection, CancellationToken ct);

    Task ReleaseAsync(DbConnection connection);
}
