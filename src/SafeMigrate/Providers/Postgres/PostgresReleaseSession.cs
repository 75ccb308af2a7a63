using Npgsql;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Catalog;
using SafeMigrate.Execution;
using SafeMigrate.Steps;

namespace SafeMigrate.Providers.Postgres;

/// <summary>One command's work on PostgreSQL: one connection, which also holds the advisory lock when the command changes the database.</summary>
internal sealed class PostgresReleaseSession(string connectionString, NpgsqlConnection connection, bool holdsMigrationLock, SafeMigratorOptions options) : IReleaseSession
{
    private readonly StepStateStore _store = new(connection);
    private readonly StepExecutor _executor = new(connectionString, connection, new StepStateStore(connection), options);

    public async Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(bool ensureState, CancellationToken ct)
    {
        if (ensureState)
        {
            await _store.EnsureSchemaAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass('safe_migrate.migration_state') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
            {
                return new Dictionary<long, MigrationPhase>();
            }
        }

        return await _store.ReadPhasesAsync(ct).ConfigureAwait(false);
    }

    public Task<IReadOnlySet<long>> ReadAppliedVersionsAsync(CancellationToken ct) => VersionInfoTable.ReadAppliedAsync(connection, ct);

    public Task<CatalogSnapshot> ReadCatalogAsync(CancellationToken ct) => PostgresCatalog.ReadAsync(connection, ct);

    public async Task<ReleasePlan> PlanAsync(IReadOnlyList<MigrationUnit> release, CancellationToken ct, bool install = false)
    {
        // The plan is written for the server's release (and refused below PostgreSQL 12, exit 3).
        using var dialect = new PostgresDialect(await PostgresTargetReader.ReadAsync(connection, ct).ConfigureAwait(false));
        var catalog = await PostgresCatalog.ReadAsync(connection, ct).ConfigureAwait(false);
        var types = await PostgresCatalog.NormalizeTypesAsync(connection, ReleasePlanner.AlteredColumnTypes(dialect.FluentMigrator, release), ct).ConfigureAwait(false);
        var settings = await PostgresCatalog.ReadServerSettingsAsync(connection, ct).ConfigureAwait(false);
        var planner = new ReleasePlanner(dialect, catalog, types, options.BatchSize, options.DelayBetweenBatches, settings);
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

    public async Task CompleteExpandAsync(long version, string description, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await VersionInfoTable.InsertAsync(connection, transaction, version, description, ct).ConfigureAwait(false);
        await _store.SetPhaseAsync(version, description, MigrationPhase.Expanded, transaction, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task ForgetAsync(long version, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await VersionInfoTable.DeleteAsync(connection, transaction, version, ct).ConfigureAwait(false);
        await _store.ForgetAsync(version, transaction, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<long> CountSessionsAsync(string likePattern, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE @pattern", connection);
        command.Parameters.AddWithValue("pattern", likePattern);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (holdsMigrationLock && connection.State == System.Data.ConnectionState.Open)
        {
            await PostgresMigrationLock.ReleaseAsync(connection).ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
