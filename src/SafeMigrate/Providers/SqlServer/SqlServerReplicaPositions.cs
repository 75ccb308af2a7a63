using System.Data.Common;
using System.Globalization;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Execution;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The positions the replica-lag throttle reads on SQL Server: the <c>last_commit_lsn</c> of the primary database and of
/// each secondary database of its availability group (<see cref="SqlServerReplicaLagSql"/>). Untested against a server.
/// </summary>
internal sealed class SqlServerReplicaPositions(SqlServerTarget target, IReadOnlyList<string> namedReplicas) : IReplicaPositions
{
    private bool _canSee;

    public async Task ValidateAsync(DbConnection primary, Action<string>? log, CancellationToken ct)
    {
        if (namedReplicas.Count > 0)
        {
            throw new InvalidInputException(
                "--replica is for PostgreSQL only: on SQL Server the availability group's secondaries are read from the primary (sys.dm_hadr_database_replica_states).");
        }

        if (target.Edition == SqlServerEdition.AzureSqlDatabase)
        {
            // Azure SQL Database has no sys.dm_hadr_database_replica_states; its geo-secondaries are not watched.
            return;
        }

        var canSee = await primary.ScalarAsync(SqlServerReplicaLagSql.CanSeeReplicasSql, null, ct).ConfigureAwait(false);
        _canSee = Convert.ToInt32(canSee ?? 0, CultureInfo.InvariantCulture) == 1;
        if (!_canSee)
        {
            log?.Invoke("  replica lag: SafeMigrate's login lacks VIEW SERVER STATE, so the availability group's secondaries are not watched");
        }
    }

    public async Task<ReplicaPositionReading> ReadAsync(DbConnection primary, CancellationToken ct)
    {
        decimal primaryPosition = 0;
        var replicas = new List<ReplicaPosition>();
        if (!_canSee)
        {
            return new ReplicaPositionReading(primaryPosition, replicas);
        }

        await using var command = primary.Command(SqlServerReplicaLagSql.ReadPositionsSql, null, []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var position = reader.IsDBNull(2) ? (decimal?)null : reader.GetDecimal(2);
            if (Convert.ToBoolean(reader.GetValue(0), CultureInfo.InvariantCulture))
            {
                primaryPosition = position ?? 0;
            }
            else
            {
                replicas.Add(new ReplicaPosition(reader.GetString(1), position, position is null ? "no commit position reported" : null));
            }
        }

        return new ReplicaPositionReading(primaryPosition, replicas);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
