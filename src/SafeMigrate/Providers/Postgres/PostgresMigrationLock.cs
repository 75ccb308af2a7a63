using Npgsql;
using SafeMigrate.Errors;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The database-wide lock every command holds for its whole run: a session-level advisory lock on a fixed key,
/// taken with <c>pg_try_advisory_lock</c> so that a second run fails at once instead of queueing. It is released
/// when the session ends, even if the process is killed, and when a session-mode pooler resets the server session
/// after its client left (PgBouncer's <c>server_reset_query = DISCARD ALL</c>).
/// </summary>
public static class PostgresMigrationLock
{
    /// <summary>The advisory lock key, fixed so that every SafeMigrate version excludes every other.</summary>
    public const long Key = 0x5AFE_4D16_7A7E_0001;

    public static async Task AcquireAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await ReleaseInheritedAsync(connection, ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
        if (!(bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
        {
            throw new BlockedException("Another safe-migrate run holds the migration lock of this database. Wait for it to finish, then try again.");
        }
    }

    /// <summary>
    /// A session that holds the lock before taking it was handed over by a session pooler that does not reset server
    /// sessions (PgBouncer with an empty <c>server_reset_query</c>) from a run that is gone: a session pool gives a
    /// server session to one client at a time, so nobody else can be using that lock. Counting it as another run's
    /// would block every run handed this server session for as long as the pooler keeps it.
    /// </summary>
    private static async Task ReleaseInheritedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var held = new NpgsqlCommand(
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objsubid = 1 AND classid = {Key >> 32} AND objid = {Key & 0xFFFF_FFFF}",
            connection);
        if ((long)(await held.ExecuteScalarAsync(ct).ConfigureAwait(false))! == 0)
        {
            return;
        }

        // Session advisory locks count: a run killed after taking the lock twice holds it twice.
        await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", connection);
        while ((bool)(await unlock.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
        {
        }
    }

    public static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", connection);
        await command.ExecuteScalarAsync().ConfigureAwait(false);
    }
}
