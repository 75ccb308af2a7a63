using System.Data.Common;
using Npgsql;
using SafeMigrate.Connections;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// A PostgreSQL database: one connection per command, holding the session-level advisory lock (<see cref="PostgresMigrationLock"/>).
/// A command that changes the database first makes sure that connection keeps one server session for its whole life
/// (<see cref="PostgresServerSessionProbe"/>): through a transaction- or statement-mode pooler the lock, the lock timeout
/// and the backfill's prepared statements would land on server sessions other clients get next.
/// </summary>
/// <param name="idleInTransactionTimeout">Null: <see cref="TransactionTimeoutGuard.IdleInTransactionTimeout"/> (a test shortens it to see the server end a stuck runner's session).</param>
internal sealed class PostgresReleaseDatabase(string connectionString, TimeSpan? idleInTransactionTimeout = null) : IReleaseDatabase
{
    public DatabaseErrors Errors => PostgresErrors.Instance;

    public async Task<IReleaseSession> OpenAsync(SafeMigratorOptions options, bool holdMigrationLock, CancellationToken ct)
    {
        var connection = await OpenConnectionAsync(options, holdMigrationLock, ct).ConfigureAwait(false);
        if (holdMigrationLock)
        {
            try
            {
                await PostgresMigrationLock.Instance.AcquireAsync(connection, ct).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return new ReleaseSession(new PostgresProviderSession(connection, holdMigrationLock, options), options);
    }

    public async Task<DbConnection> OpenAppConnectionAsync(CancellationToken ct) =>
        await PostgresConnections.OpenAsync(connectionString, ct).ConfigureAwait(false);

    public StateSql StateSql => PostgresStateSchema.Sql;

    /// <summary>
    /// A connection with <c>lock_timeout</c> set (no app query queues behind one of our statements for longer), no
    /// <c>statement_timeout</c> nor session-wide <c>transaction_timeout</c> (index builds, validations and batches may
    /// legitimately take long once they hold their lock; a role or database default must not end them half-way), and an
    /// <c>idle_in_transaction_session_timeout</c> (a stuck runner's transaction is ended by the server: see
    /// <see cref="TransactionTimeoutGuard.ForSession"/>).
    /// A command that only reads (plan, status) works through a transaction pool too, but then sets nothing: a
    /// session setting would stay on a server session that the pool hands to the application next.
    /// </summary>
    /// <exception cref="InvalidInputException">A command that changes the database was given a connection through a transaction or statement pool.</exception>
    private async Task<NpgsqlConnection> OpenConnectionAsync(SafeMigratorOptions options, bool changesDatabase, CancellationToken ct)
    {
        var builder = PostgresConnections.Parse(connectionString);
        builder.ApplicationName = "safe-migrate";
        builder.Pooling = false;
        var probeConnectionString = builder.ConnectionString;
        var connection = await PostgresConnections.OpenAsync(builder, connectionString, ct).ConfigureAwait(false);
        try
        {
            var probe = await PostgresServerSessionProbe.ProbeAsync(connection, probeConnectionString, ct).ConfigureAwait(false);
            if (!probe.KeepsSession)
            {
                if (changesDatabase)
                {
                    throw new InvalidInputException(probe.Refusal);
                }

                return connection;
            }

            await using var command = new NpgsqlCommand(
                $"SET lock_timeout = {(long)options.LockTimeout.TotalMilliseconds}; SET statement_timeout = 0; " +
                TransactionTimeoutGuard.ForSession(connection.PostgreSqlVersion, options.LockTimeout, idleInTransactionTimeout), connection);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseFailureException($"Cannot prepare the session: {ConnectionStrings.RedactSecrets(e.Message, connectionString)}", e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }
}
