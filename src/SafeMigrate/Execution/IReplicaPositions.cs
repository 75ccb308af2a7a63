using System.Data.Common;

namespace SafeMigrate.Execution;

/// <summary>
/// Where the primary's log is and how far each replica has replayed it, in the provider's log positions (PostgreSQL's
/// WAL LSN, SQL Server's commit LSN), read for <see cref="ReplicaLagThrottle"/>. It opens and owns the connections to
/// replicas named by <see cref="SafeMigratorOptions.Replicas"/>.
/// </summary>
internal interface IReplicaPositions : IAsyncDisposable
{
    /// <summary>
    /// Opens the named replicas and checks that each is one (bad input otherwise, exit 2, before anything changes), and
    /// logs one line when the replicas the primary knows of cannot be seen (a missing privilege).
    /// </summary>
    /// <exception cref="Errors.InvalidInputException">A named replica cannot be opened or is not a replica.</exception>
    Task ValidateAsync(DbConnection primary, Action<string>? log, CancellationToken ct);

    /// <summary>The primary's current position, and each replica's replayed position (or why it has none now).</summary>
    Task<ReplicaPositionReading> ReadAsync(DbConnection primary, CancellationToken ct);
}

/// <param name="Primary">The primary's current log position.</param>
internal sealed record ReplicaPositionReading(decimal Primary, IReadOnlyList<ReplicaPosition> Replicas);

/// <param name="Name">How logs name the replica (its application name and address, or its connection's host).</param>
/// <param name="Replayed">The last position the replica has replayed; null when it could not be read (see <paramref name="Problem"/>).</param>
/// <param name="Problem">Why the position is missing (a connection that failed); such a replica counts as lagging.</param>
internal sealed record ReplicaPosition(string Name, decimal? Replayed, string? Problem = null);
