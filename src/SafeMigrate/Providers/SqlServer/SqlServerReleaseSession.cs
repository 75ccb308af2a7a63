using System.Data.Common;
using System.Globalization;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Errors;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Catalog;
using SafeMigrate.Execution;
using SafeMigrate.Steps;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// One command's work on SQL Server: a work connection for state, catalog and steps, and (for commands that change
/// the database) the connection holding the application lock. The two short transactions of the release flow
/// (VersionInfo with the phase, and forgetting a rolled-back migration) retry on 1222 as steps do: rolled back first,
/// since SQL Server leaves the transaction open after a lock timeout.
/// </summary>
internal sealed class SqlServerReleaseSession(
    DbConnection connection,
    DbConnection? lockConnection,
    int? lockSession,
    SqlServerTarget target,
    SafeMigratorOptions options,
    Func<Exception, bool> isLockFailure,
    Func<TimeSpan, CancellationToken, Task> delay) : IReleaseSession
{
    private readonly SqlServerStepStateStore _store = new(connection);
    private readonly SqlServerStepExecutor _executor = new(connection, new SqlServerStepStateStore(connection), options, isLockFailure, delay);

    public async Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(bool ensureState, CancellationToken ct)
    {
        if (ensureState)
        {
            await _store.EnsureSchemaAsync(ct).ConfigureAwait(false);
        }
        else if (!await _store.ExistsAsync(ct).ConfigureAwait(false))
        {
            return new Dictionary<long, MigrationPhase>();
        }

        return await _store.ReadPhasesAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<long>> ReadAppliedVersionsAsync(CancellationToken ct) =>
        (await SqlServerVersionInfoTable.ReadAppliedAsync(connection, ct).ConfigureAwait(false)).Keys.ToHashSet();

    public Task<CatalogSnapshot> ReadCatalogAsync(CancellationToken ct) => SqlServerCatalog.ReadAsync(connection, ct);

    public async Task<ReleasePlan> PlanAsync(IReadOnlyList<MigrationUnit> release, CancellationToken ct, bool install = false)
    {
        using var dialect = new SqlServerDialect(target);
        var catalog = await SqlServerCatalog.ReadAsync(connection, ct).ConfigureAwait(false);
        var types = ReleasePlanner.AlteredColumnTypes(dialect.FluentMigrator, release).ToDictionary(t => t, SqlServerTypeNames.Normalize, StringComparer.Ordinal);
        var planner = new ReleasePlanner(dialect, catalog, types, options.BatchSize, options.DelayBetweenBatches);
        return install ? planner.PlanInstall(release) : planner.Plan(release);
    }

    public Task SetPhaseAsync(long version, string description, MigrationPhase phase, CancellationToken ct) =>
        _store.SetPhaseAsync(version, description, phase, null, ct);

    public Task BeginExpandAsync(long version, string description, string expandRecord, CancellationToken ct) =>
        _store.BeginExpandAsync(version, description, expandRecord, ct);

    public Task<string?> ReadExpandRecordAsync(long version, CancellationToken ct) => _store.ReadExpandRecordAsync(version, ct);

    public Task<IReadOnlySet<int>> ReadStartedStepsAsync(long version, string phase, CancellationToken ct) => _store.ReadStartedStepsAsync(version, phase, ct);

    public Task RunStepsAsync(long version, string phase, IReadOnlyList<Step> steps, CancellationToken ct) =>
        _executor.RunAsync(version, phase, steps, ct);

    public Task CompleteExpandAsync(long version, string description, CancellationToken ct) =>
        InTransactionAsync($"record migration {version} in VersionInfo", async transaction =>
        {
            await connection.ExecuteAsync(
                SqlServerStateSchema.InsertVersionSql, transaction, ct, ("version", version), ("description", description.Length > 1024 ? description[..1024] : description))
                .ConfigureAwait(false);
            await _store.SetPhaseAsync(version, description, MigrationPhase.Expanded, transaction, ct).ConfigureAwait(false);
        }, ct);

    public Task ForgetAsync(long version, CancellationToken ct) =>
        InTransactionAsync($"forget migration {version}", async transaction =>
        {
            await connection.ExecuteAsync(SqlServerStateSchema.DeleteVersionSql, transaction, ct, ("version", version)).ConfigureAwait(false);
            await _store.ForgetAsync(version, transaction, ct).ConfigureAwait(false);
        }, ct);

    /// <summary>
    /// Sessions of this database whose program name matches, other than SafeMigrate's own. <c>sys.dm_exec_sessions</c>
    /// shows a login without VIEW SERVER STATE (VIEW DATABASE STATE on Azure SQL Database) only its own session, which
    /// would read as "drained": that is refused rather than trusted.
    /// </summary>
    public async Task<long> CountSessionsAsync(string likePattern, CancellationToken ct)
    {
        var permission = target.Edition == SqlServerEdition.AzureSqlDatabase ? SqlServerDrainSql.CanSeeSessionsAzureSql : SqlServerDrainSql.CanSeeSessionsSql;
        await using (var check = connection.Command(permission, null, []))
        {
            if (Convert.ToInt32(await check.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0, CultureInfo.InvariantCulture) != 1)
            {
                throw new RefusedException(
                    $"--wait-for-drain needs to see other sessions in sys.dm_exec_sessions: grant {(target.Edition == SqlServerEdition.AzureSqlDatabase ? "VIEW DATABASE STATE" : "VIEW SERVER STATE")} to SafeMigrate's login, or contract without --wait-for-drain once the old version is gone.");
            }
        }

        await using var command = connection.Command(SqlServerDrainSql.CountSessionsSql, null, [("pattern", likePattern), ("own_session", (object?)lockSession ?? DBNull.Value)]);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0L, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        if (lockConnection is null)
        {
            return;
        }

        if (lockConnection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                await SqlServerMigrationLock.ReleaseAsync(lockConnection).ConfigureAwait(false);
            }
            catch (DbException)
            {
                // The session is going away: SQL Server releases a Session-owned applock when it ends.
            }
        }

        await lockConnection.DisposeAsync().ConfigureAwait(false);
    }

    private Task InTransactionAsync(string what, Func<DbTransaction, Task> work, CancellationToken ct) =>
        _executor.WithRetryAsync(what, async () =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            try
            {
                await work(transaction).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (isLockFailure(e))
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }, ct);
}
