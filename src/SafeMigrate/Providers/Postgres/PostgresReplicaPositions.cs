using System.Data.Common;
using System.Globalization;
using Npgsql;
using SafeMigrate.Errors;
using SafeMigrate.Execution;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The positions the replica-lag throttle reads on PostgreSQL: the primary's <c>pg_current_wal_lsn()</c>, the
/// <c>replay_lsn</c> of each streaming replica in <c>pg_stat_replication</c>, and <c>pg_last_wal_replay_lsn()</c> on each
/// replica named with <c>--replica</c> (a cascading standby, or one the primary does not show to SafeMigrate's role).
/// </summary>
internal sealed class PostgresReplicaPositions(IReadOnlyList<string> replicaConnectionStrings) : IReplicaPositions
{
    private readonly NamedReplica[] _named = replicaConnectionStrings.Select(NamedReplica.From).ToArray();

    /// <summary>Set when the primary cannot tell its WAL position (a managed service whose storage is not PostgreSQL's WAL may refuse pg_current_wal_lsn()).</summary>
    private bool _unsupported;

    public async Task ValidateAsync(DbConnection primary, Action<string>? log, CancellationToken ct)
    {
        try
        {
            _ = await ScalarAsync((NpgsqlConnection)primary, PostgresReplicaLagSql.ReadPrimary, ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (_named.Length == 0)
        {
            // On by default: a server without WAL positions to compare must not stop every expand; it is told once.
            _unsupported = true;
            log?.Invoke($"  replica lag: not watched, the server cannot tell its WAL position ({e.MessageText})");
            return;
        }
        catch (PostgresException e)
        {
            throw new InvalidInputException($"--replica cannot be watched: the primary cannot tell its WAL position ({e.MessageText}).", e);
        }

        var hidden = Convert.ToInt64(await ScalarAsync((NpgsqlConnection)primary, PostgresReplicaLagSql.CountHiddenWalSenders, ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (hidden > 0)
        {
            log?.Invoke(
                $"  replica lag: SafeMigrate's role cannot see the replay position of {hidden} walsender(s) in pg_stat_replication " +
                "(it needs pg_monitor or superuser): those replicas are not watched unless named with --replica");
        }

        var primaryIdentity = _named.Length > 0 ? await SystemIdentifierAsync((NpgsqlConnection)primary, ct).ConfigureAwait(false) : null;
        foreach (var replica in _named)
        {
            await replica.ValidateAsync(primaryIdentity, ct).ConfigureAwait(false);
        }
    }

    public async Task<ReplicaPositionReading> ReadAsync(DbConnection primary, CancellationToken ct)
    {
        decimal primaryPosition = 0;
        var replicas = new List<ReplicaPosition>();
        if (_unsupported)
        {
            return new ReplicaPositionReading(primaryPosition, replicas);
        }

        await using (var command = new NpgsqlCommand(PostgresReplicaLagSql.ReadPrimary, (NpgsqlConnection)primary))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                primaryPosition = reader.GetDecimal(0);
                if (!reader.IsDBNull(3))
                {
                    var name = reader.IsDBNull(1) || reader.GetString(1).Length == 0 ? "(no application_name)" : reader.GetString(1);
                    var address = reader.IsDBNull(2) ? "local socket" : reader.GetString(2);
                    replicas.Add(new ReplicaPosition($"{name} ({address})", reader.GetDecimal(3)));
                }
            }
        }

        foreach (var replica in _named)
        {
            replicas.Add(await replica.ReadAsync(ct).ConfigureAwait(false));
        }

        return new ReplicaPositionReading(primaryPosition, replicas);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _named)
        {
            await replica.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Null when this role may not call pg_control_system() (then the check that a replica is one of this cluster's is skipped).</summary>
    private static async Task<long?> SystemIdentifierAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            return Convert.ToInt64(await ScalarAsync(connection, PostgresReplicaLagSql.SystemIdentifier, ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return null;
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A replica named with <c>--replica</c>: its connection stays open for the command, and is opened again after a failure.</summary>
    private sealed class NamedReplica(string connectionString, string name) : IAsyncDisposable
    {
        private NpgsqlConnection? _connection;

        public static NamedReplica From(string connectionString)
        {
            try
            {
                var builder = PostgresConnections.Parse(connectionString);
                return new NamedReplica(connectionString, $"{builder.Host}:{builder.Port}");
            }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException("--replica: " + e.Message, e);
            }
        }

        public async Task ValidateAsync(long? primaryIdentity, CancellationToken ct)
        {
            try
            {
                _connection = await PostgresConnections.OpenAsync(connectionString, ct).ConfigureAwait(false);
            }
            catch (DatabaseFailureException e)
            {
                throw new InvalidInputException($"--replica {name} cannot be opened: {e.Message}", e);
            }

            var (inRecovery, _) = await ReadPositionAsync(_connection, ct).ConfigureAwait(false);
            if (!inRecovery)
            {
                throw new InvalidInputException($"--replica {name} is not a replica: pg_is_in_recovery() is false there (is it the primary?).");
            }

            if (primaryIdentity is { } expected && await SystemIdentifierAsync(_connection, ct).ConfigureAwait(false) is { } actual && actual != expected)
            {
                throw new InvalidInputException(
                    $"--replica {name} is a standby of another cluster (system identifier {actual}, the primary's is {expected}): its positions cannot be compared.");
            }
        }

        public async Task<ReplicaPosition> ReadAsync(CancellationToken ct)
        {
            try
            {
                _connection ??= await PostgresConnections.OpenAsync(connectionString, ct).ConfigureAwait(false);
                var (inRecovery, replayed) = await ReadPositionAsync(_connection, ct).ConfigureAwait(false);
                return !inRecovery ? new ReplicaPosition(name, null, "it is no longer in recovery: promoted?")
                    : replayed is null ? new ReplicaPosition(name, null, "it has replayed nothing yet")
                    : new ReplicaPosition(name, replayed);
            }
            catch (Exception e) when (e is DatabaseFailureException or NpgsqlException && !ct.IsCancellationRequested)
            {
                // A dropped connection: try a fresh one at the next poll; meanwhile the replica may be serving stale reads.
                await DisposeAsync().ConfigureAwait(false);
                return new ReplicaPosition(name, null, e.Message.Split('\n')[0].TrimEnd('.'));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }
        }

        private static async Task<(bool InRecovery, decimal? Replayed)> ReadPositionAsync(NpgsqlConnection connection, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(PostgresReplicaLagSql.ReadReplica, connection);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            return (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetDecimal(1));
        }
    }
}
