namespace SafeMigrate.Execution;

/// <summary>
/// The database a release runs against, for one provider: it opens the session a command works in. PostgreSQL and
/// SQL Server each implement it (PostgresReleaseDatabase, SqlServerReleaseDatabase);
/// <see cref="SafeMigrator"/> holds the orchestration both share.
/// </summary>
internal interface IReleaseDatabase
{
    /// <summary>
    /// Opens a session with the lock timeout of <paramref name="options"/> set on every connection; with
    /// <paramref name="holdMigrationLock"/>, the database-wide migration lock is taken first and held until the
    /// session is disposed.
    /// </summary>
    /// <exception cref="Errors.BlockedException">Another run holds the migration lock.</exception>
    Task<IReleaseSession> OpenAsync(SafeMigratorOptions options, bool holdMigrationLock, CancellationToken ct);

    /// <summary>
    /// A connection as the app itself would open it (its connection string, pooled, nothing set): for an app instance's
    /// heartbeat and health check, which run every few seconds, take no lock and change no schema.
    /// </summary>
    Task<System.Data.Common.DbConnection> OpenAppConnectionAsync(CancellationToken ct);

    /// <summary>The provider's state statements, for work on an app connection.</summary>
    State.StateSql StateSql { get; }

    /// <summary>What this provider's driver errors mean, for failures outside a step (state, catalog, the migration lock).</summary>
    DatabaseErrors Errors { get; }
}
