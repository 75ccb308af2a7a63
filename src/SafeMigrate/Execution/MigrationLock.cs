using Npgsql;
using SafeMigrate.Errors;

namespace SafeMigrate.Execution;

/// <summary>
/// The database-wide lock every command holds for its whole run: a session-level advisory lock on a fixed key,
/// taken with <c>pg_try_advisory_lock</c> so that a second run fails at once instead of queueing. It is released
/// when the session ends, even if the process is killed.
/// </summary>
public static class MigrationLock
{
    /// <summary>The advisory lock key, fixed so that every SafeMigrate version excludes every other.</summary>
    public const long Key = 0x5AFE_4D16_7A7E_0001;

    public static async Task AcquireAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
        if (!(bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
        {
            throw new BlockedException("Another safe-migrate run holds the migration lock of this database. Wait for it to finish, then try again.");
        }
    }

    public static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", connection);
        await command.ExecuteScalarAsync().ConfigureAwait(false);
    }
}
