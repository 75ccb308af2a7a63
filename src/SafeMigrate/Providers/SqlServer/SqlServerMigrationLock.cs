using System.Data.Common;
using SafeMigrate.Errors;
using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The database-wide lock every command holds for its whole run: an application lock owned by the session,
/// requested with a zero timeout so that a second run fails at once instead of queueing. SQL Server releases it
/// when the session ends, even if the process is killed.
/// </summary>
internal sealed class SqlServerMigrationLock : IMigrationLock
{
    public static SqlServerMigrationLock Instance { get; } = new();

    public const string Resource = "safe_migrate";

    /// <summary>Return value 0 or 1: granted; -1: timeout (another run holds it); -2, -3, -999: cancelled, deadlock, error.</summary>
    public const string AcquireSql = """
        DECLARE @result int;
        EXEC @result = sys.sp_getapplock @Resource = N'safe_migrate', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 0;
        SELECT @result;
        """;

    public const string ReleaseSql = "EXEC sys.sp_releaseapplock @Resource = N'safe_migrate', @LockOwner = N'Session';";

    /// <exception cref="BlockedException">Another run holds the lock.</exception>
    public async Task AcquireAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = AcquireSql;
        var result = Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (result < 0)
        {
            throw new BlockedException(
                $"Another safe-migrate run holds the migration lock of this database (sp_getapplock returned {result}). Wait for it to finish, then try again.");
        }
    }

    public async Task ReleaseAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = ReleaseSql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
