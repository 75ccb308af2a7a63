using Npgsql;
using SafeMigrate.Errors;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Finds out, before anything is locked or changed, whether a connection keeps its server session or goes through a
/// pooler that shares server sessions between clients (PgBouncer in transaction or statement mode, Supavisor). A
/// pooler does not say so through the client protocol (<c>SHOW pool_mode</c> exists only on PgBouncer's admin console,
/// and it forwards the server's parameter reports unchanged), so the probe watches what a shared session does:
/// <list type="bullet">
/// <item>a second client connection opens a transaction; in transaction mode it is usually given the very server
/// process the first connection just used, since PgBouncer reuses the most recently released server first;</item>
/// <item>the first connection's next statement then runs on another server process (its own is taken), or waits
/// for the second connection's transaction to end when the pool has no other server;</item>
/// <item>a statement-mode pool refuses the transaction block outright.</item>
/// </list>
/// On a direct connection or a session-mode pool the first connection's backend pid never changes, and the two
/// connections never share one. The check is repeated a few times: a pool with idle servers may, by chance, give the
/// first connection its old server back in one round.
/// </summary>
internal static class PostgresServerSessionProbe
{
    private const int Rounds = 3;

    /// <summary>
    /// How long the first connection's statement may take before it counts as waiting for the second connection's
    /// transaction. <c>SELECT pg_backend_pid()</c> waits for no lock, so on a server of its own it answers in
    /// milliseconds even under load.
    /// </summary>
    private static readonly TimeSpan SharedServerWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the second connection may wait for a server session. A session-mode pool with no free server left
    /// makes it wait for as long as the pooler's own timeout (PgBouncer's query_wait_timeout: two minutes); a run
    /// needs a second server session for its backfills anyway.
    /// </summary>
    private const int SecondSessionWaitSeconds = 15;

    /// <param name="connection">The open connection the command will work on.</param>
    /// <param name="connectionString">Its connection string, for the second connection the probe needs.</param>
    public static async Task<ServerSessionProbeResult> ProbeAsync(NpgsqlConnection connection, string connectionString, CancellationToken ct)
    {
        // A session-level setting first (to the value it already has): a proxy that multiplexes until the session holds
        // state, as RDS Proxy does, pins the connection here, and the probe then sees it as a session of its own.
        await using (var pin = new NpgsqlCommand("SELECT set_config('application_name', current_setting('application_name'), false)", connection))
        {
            await pin.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        // PgBouncer in session mode holds a login until it has a server session for it, so the wait is bounded here too.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "safe-migrate probe", Timeout = SecondSessionWaitSeconds };
        await using var other = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await other.OpenAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e.InnerException is TimeoutException)
        {
            throw NoSecondSession(e);
        }
        for (var round = 0; round < Rounds; round++)
        {
            var first = await BackendPidAsync(connection, null, ct).ConfigureAwait(false);
            await using var transaction = await other.BeginTransactionAsync(ct).ConfigureAwait(false);
            int otherPid;
            try
            {
                otherPid = await BackendPidAsync(other, transaction, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.MessageText.Contains("pool", StringComparison.OrdinalIgnoreCase))
            {
                // PgBouncer: "transaction blocks not allowed in statement pooling mode", and it closes the connection.
                return new ServerSessionProbeResult(ServerSessionSharing.PerStatement, $"it refused a transaction block (\"{e.MessageText}\")");
            }
            catch (NpgsqlException e) when (e.InnerException is TimeoutException)
            {
                throw NoSecondSession(e);
            }

            if (otherPid == first)
            {
                await transaction.RollbackAsync(ct).ConfigureAwait(false);
                return new ServerSessionProbeResult(
                    ServerSessionSharing.PerTransaction,
                    $"a second connection's transaction ran on the server process of the first one (pid {first}) while the first was still connected");
            }

            var again = BackendPidAsync(connection, null, ct);
            var answeredAlone = true;
            try
            {
                await again.WaitAsync(SharedServerWait, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                answeredAlone = false;
            }

            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            var second = await again.ConfigureAwait(false);
            if (!answeredAlone)
            {
                return new ServerSessionProbeResult(
                    ServerSessionSharing.PerTransaction,
                    "a statement on one connection waited for another connection's open transaction (both were served by one server process)");
            }

            if (second != first)
            {
                return new ServerSessionProbeResult(
                    ServerSessionSharing.PerTransaction,
                    $"the server process changed between two transactions on one connection (pid {first}, then {second})");
            }
        }

        return new ServerSessionProbeResult(ServerSessionSharing.None, "the server process stayed the same on one connection and was never shared with another");
    }

    private static DatabaseFailureException NoSecondSession(Exception e) => new(
        $"A second connection got no server session within {SecondSessionWaitSeconds} s: a pooler in front of the server has none left. " +
        "A run needs two at once (its own and a backfill's): raise the pool size or give a direct connection string.", e);

    private static async Task<int> BackendPidAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection, transaction) { CommandTimeout = SecondSessionWaitSeconds };
        return (int)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
