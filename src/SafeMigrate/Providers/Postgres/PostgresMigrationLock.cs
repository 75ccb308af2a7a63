using System.Data.Common;
using SafeMigrate.Errors;
using SafeMigrate.State;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The database-wide lock every command holds for its whole run: a session-level advisory lock on a fixed key,
/// taken with <c>pg_try_advisory_lock</c> so that a second run fails at once instead of queueing. It is released
/// when the session ends, even if the process is killed, and when a session-mode pooler resets the server session
/// after its client left (PgBouncer's <c>server_reset_query = DISCARD ALL</c>).
/// </summary>
internal sealed class PostgresMigrationLock : IMigrationLock
{
    /// <summary>The advisory lock key, fixed so that every SafeMigrate version excludes every other.</summary>
    public const long Key = 0x5AFE_4D16_7A7E_0001;

    public static PostgresMigrationLock Instance { get; } = new();

    public async Task AcquireAsync(DbConnection connection, CancellationToken ct)
    {
        await ReleaseInheritedAsync(connection, ct).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT pg_try_advisory_lock({Key})");
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
    private static async Task ReleaseInheritedAsync(DbConnection connection, CancellationToken ct)
    {
        await using var held = Command(
            connection,
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objsubid = 1 AND classid = {Key >> 32} AND objid = {Key & 0xFFFF_FFFF}");
        if ((long)(await held.ExecuteScalarAsync(ct).ConfigureAwait(false))! == 0)
        {
            return;
        }

        // Session advisory locks count: a run killed after taking the lock twice holds it twice.
        await using var unlock = Command(connection, $"SELECT pg_advisory_unlock({Key})");
        while ((bool)(await unlock.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
        {
        }
    }

    public async Task ReleaseAsync(DbConnection connection)
    {
        await using var command = Command(connection, $"SELECT pg_advisory_unlock({Key})");
        await command.ExecuteScalarAsync().ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
