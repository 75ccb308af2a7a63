using System.Data.Common;
using System.Globalization;
using SafeMigrate.Connections;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Execution;
using SafeMigrate.State;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// A SQL Server (or Azure SQL) database. A command that changes the database takes <c>sp_getapplock</c> (owner
/// Session) on a connection of its own, opened first and used for nothing else, so no rollback or failure of the work
/// connection can touch the lock; SQL Server releases it when that session ends, even if the process is killed. Every
/// connection runs <see cref="SessionSettingsSql"/> first. The edition and version are read once
/// per command and choose the plan's online forms.
/// </summary>
internal sealed class SqlServerReleaseDatabase : IReleaseDatabase
{
    /// <summary>The session id of the lock connection, so the drain wait does not count SafeMigrate's own session.</summary>
    public const string SessionIdSql = "SELECT CAST(@@SPID AS int);";

    private readonly Func<CancellationToken, Task<DbConnection>> _connect;
    private readonly SqlServerErrors _errors;
    private readonly Func<TimeSpan, CancellationToken, Task>? _delay;

    public SqlServerReleaseDatabase(string connectionString)
        : this(async ct => await SqlServerConnections.OpenAsync(connectionString, ct).ConfigureAwait(false))
    {
    }

    /// <param name="connect">Opens a new connection each call.</param>
    /// <param name="errors">How errors are read (SqlClient's by default; tests read their fakes').</param>
    /// <param name="delay">How retries wait (a test passes one that does not sleep).</param>
    internal SqlServerReleaseDatabase(
        Func<CancellationToken, Task<DbConnection>> connect, SqlServerErrors? errors = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _connect = connect;
        _errors = errors ?? SqlServerErrors.Instance;
        _delay = delay;
    }

    /// <summary>The session settings of every SafeMigrate connection: no app query waits longer than LOCK_TIMEOUT behind one of our statements.</summary>
    public static string SessionSettingsSql(TimeSpan lockTimeout) =>
        $"SET LOCK_TIMEOUT {(long)lockTimeout.TotalMilliseconds}; SET XACT_ABORT OFF; SET DEADLOCK_PRIORITY LOW;";

    public Task<DbConnection> OpenAppConnectionAsync(CancellationToken ct) => _connect(ct);

    public StateSql StateSql => SqlServerStateSchema.Sql;

    public DatabaseErrors Errors => _errors;

    public async Task<IReleaseSession> OpenAsync(SafeMigratorOptions options, bool holdMigrationLock, CancellationToken ct)
    {
        DbConnection? lockConnection = null;
        DbConnection? connection = null;
        try
        {
            int? lockSession = null;
            if (holdMigrationLock)
            {
                lockConnection = await OpenWithSettingsAsync(options, ct).ConfigureAwait(false);
                await SqlServerMigrationLock.Instance.AcquireAsync(lockConnection, ct).ConfigureAwait(false);
                lockSession = await ScalarIntAsync(lockConnection, SessionIdSql, ct).ConfigureAwait(false);
            }

            connection = await OpenWithSettingsAsync(options, ct).ConfigureAwait(false);
            var target = await SqlServerTargetReader.ReadAsync(connection, ct).ConfigureAwait(false);
            return new ReleaseSession(new SqlServerProviderSession(connection, lockConnection, lockSession, target, _errors), options, _delay);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (lockConnection is not null)
            {
                // Closing the session releases a lock it may hold.
                await lockConnection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task<DbConnection> OpenWithSettingsAsync(SafeMigratorOptions options, CancellationToken ct)
    {
        var connection = await _connect(ct).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = SessionSettingsSql(options.LockTimeout);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<int?> ScalarIntAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;
    }
}
