using Npgsql;
using SafeMigrate.Dialects;
using SafeMigrate.Dialects.Postgres;
using SafeMigrate.Errors;
using SafeMigrate.Planning;
using SafeMigrate.State;

namespace SafeMigrate.Execution;

/// <summary>
/// The in-process entry point: plan, expand, contract and roll back a release of FluentMigrator migrations on
/// PostgreSQL. Every command holds the migration lock for its whole run and records its progress, so the same
/// command, run again after a failure or a cancellation, resumes.
/// </summary>
public sealed class SafeMigrator(string connectionString, SafeMigratorOptions? options = null)
{
    private readonly SafeMigratorOptions _options = options ?? new SafeMigratorOptions();

    /// <summary>Plans without a database: every pending migration, type changes assumed where the catalog would tell.</summary>
    public static ReleasePlan PlanOffline(IReadOnlyList<MigrationUnit> migrations, SafeMigratorOptions? options = null)
    {
        using var dialect = new PostgresDialect();
        return PlanOffline(migrations, dialect, options);
    }

    /// <summary>Plans without a database for the server <paramref name="dialect"/> writes for (e.g. a SQL Server edition and version).</summary>
    public static ReleasePlan PlanOffline(IReadOnlyList<MigrationUnit> migrations, SqlDialect dialect, SafeMigratorOptions? options = null)
    {
        options ??= new SafeMigratorOptions();
        return new ReleasePlanner(dialect, null, null, options.BatchSize, options.DelayBetweenBatches).Plan(migrations);
    }

    /// <summary>
    /// Plans without a database, each migration as a release of its own, as if every earlier one were applied: which
    /// ones are is unknown offline, and planning the whole assembly as one release would treat every table an earlier
    /// migration created as new (nothing to protect), which for a project with a history is almost never true.
    /// Hazards spanning migrations of one release need the live plan (<see cref="PlanAsync(IReadOnlyList{MigrationUnit}, CancellationToken)"/>).
    /// </summary>
    public static ReleasePlan PlanEachOffline(IReadOnlyList<MigrationUnit> migrations, SafeMigratorOptions? options = null)
    {
        using var dialect = new PostgresDialect();
        return PlanEachOffline(migrations, dialect, options);
    }

    /// <summary>As <see cref="PlanEachOffline(IReadOnlyList{MigrationUnit}, SafeMigratorOptions?)"/>, for the server <paramref name="dialect"/> writes for.</summary>
    public static ReleasePlan PlanEachOffline(IReadOnlyList<MigrationUnit> migrations, SqlDialect dialect, SafeMigratorOptions? options = null)
    {
        options ??= new SafeMigratorOptions();
        var planned = new List<PlannedMigration>();
        var refusals = new List<Refusal>();
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            var plan = new ReleasePlanner(dialect, null, null, options.BatchSize, options.DelayBetweenBatches).Plan([migration]);
            planned.AddRange(plan.Migrations);
            refusals.AddRange(plan.Refusals);
        }

        return new ReleasePlan(planned, refusals);
    }

    /// <summary>The plan of the migrations not yet contracted (or applied by plain FluentMigrator), read against the live catalog.</summary>
    public async Task<ReleasePlan> PlanAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var (release, _) = await ReadReleaseAsync(connection, migrations, ensureState: false, ct).ConfigureAwait(false);
        return await PlanAsync(connection, release, ct).ConfigureAwait(false);
    }

    /// <summary>Expands every pending migration in version order; the old version keeps working throughout.</summary>
    public Task<ReleasePlan> ExpandAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default) =>
        RunLockedAsync(async (connection, store, ct2) =>
        {
            var (release, phases) = await ReadReleaseAsync(connection, migrations, ensureState: true, ct2).ConfigureAwait(false);
            if (release.FirstOrDefault(m => phases.GetValueOrDefault(m.Version) is MigrationPhase.RollingBack) is { } rolling)
            {
                throw new RefusedException($"Migration {rolling.Version} is being rolled back: run rollback again to finish it before expanding.");
            }

            var before = await PostgresCatalog.ReadAsync(connection, ct2).ConfigureAwait(false);
            var plan = await PlanAsync(connection, release, ct2).ConfigureAwait(false);
            plan.ThrowIfRefused();
            var executor = new StepExecutor(connectionString, connection, store, _options);
            var expanded = new List<(MigrationUnit Unit, PlannedMigration Plan)>();
            foreach (var (unit, planned) in release.Zip(plan.Migrations))
            {
                if (phases.GetValueOrDefault(unit.Version, MigrationPhase.Pending) is not (MigrationPhase.Pending or MigrationPhase.Expanding))
                {
                    continue;
                }

                expanded.Add((unit, planned));
                await store.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.Expanding, null, ct2).ConfigureAwait(false);
                await executor.RunAsync(unit.Version, "expand", planned.Expand, ct2).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(ct2).ConfigureAwait(false);
                await VersionInfoTable.InsertAsync(connection, transaction, unit.Version, unit.Descriptor.Description, ct2).ConfigureAwait(false);
                await store.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.Expanded, transaction, ct2).ConfigureAwait(false);
                await transaction.CommitAsync(ct2).ConfigureAwait(false);
            }

            if (_options.SelfCheck && expanded.Count > 0)
            {
                var after = await PostgresCatalog.ReadAsync(connection, ct2).ConfigureAwait(false);
                var problems = ExpandSelfCheck.FindBreakingChanges(before, after);
                if (problems.Count > 0)
                {
                    foreach (var (unit, planned) in Enumerable.Reverse(expanded))
                    {
                        await RollBackOneAsync(connection, store, executor, unit, planned, ct2).ConfigureAwait(false);
                    }

                    throw new RefusedException(
                        "Expand would break the running version, so it was rolled back: " + string.Join("; ", problems) +
                        ". Move the statement that did this to contract (Execute.SqlInContract) or make it additive.");
                }
            }

            return plan;
        }, ct);

    /// <summary>Contracts every expanded migration in version order, once the old version is gone.</summary>
    public Task ContractAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default) =>
        RunLockedAsync(async (connection, store, ct2) =>
        {
            var (release, phases) = await ReadReleaseAsync(connection, migrations, ensureState: true, ct2).ConfigureAwait(false);
            var notExpanded = release.Where(m => phases.GetValueOrDefault(m.Version, MigrationPhase.Pending) is not (MigrationPhase.Expanded or MigrationPhase.Contracting)).ToList();
            if (notExpanded.Count > 0)
            {
                throw new RefusedException(
                    $"Migration(s) {string.Join(", ", notExpanded.Select(m => m.Version))} are not expanded: run expand first, deploy the new version, then contract.");
            }

            if (release.Count == 0)
            {
                return true;
            }

            await WaitForDrainAsync(connection, ct2).ConfigureAwait(false);
            var plan = await PlanAsync(connection, release, ct2).ConfigureAwait(false);
            var executor = new StepExecutor(connectionString, connection, store, _options);
            foreach (var (unit, planned) in release.Zip(plan.Migrations))
            {
                await store.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.Contracting, null, ct2).ConfigureAwait(false);
                await executor.RunAsync(unit.Version, "contract", planned.Contract, ct2).ConfigureAwait(false);
                await store.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.Contracted, null, ct2).ConfigureAwait(false);
            }

            return true;
        }, ct);

    /// <summary>Undoes the expand of every expanded (or half-expanded) migration, latest first; refused once contract began.</summary>
    public Task RollbackAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default) =>
        RunLockedAsync(async (connection, store, ct2) =>
        {
            var (release, phases) = await ReadReleaseAsync(connection, migrations, ensureState: true, ct2).ConfigureAwait(false);
            if (release.FirstOrDefault(m => phases.GetValueOrDefault(m.Version) is MigrationPhase.Contracting) is { } contracting)
            {
                throw new RefusedException($"Migration {contracting.Version} is being contracted: what only the old version needed is gone, so rollback is no longer possible. Run contract again to finish.");
            }

            var plan = await PlanAsync(connection, release, ct2).ConfigureAwait(false);
            var executor = new StepExecutor(connectionString, connection, store, _options);
            foreach (var (unit, planned) in Enumerable.Reverse(release.Zip(plan.Migrations).ToList()))
            {
                if (phases.GetValueOrDefault(unit.Version) is MigrationPhase.Expanding or MigrationPhase.Expanded or MigrationPhase.RollingBack)
                {
                    await RollBackOneAsync(connection, store, executor, unit, planned, ct2).ConfigureAwait(false);
                }
            }

            return true;
        }, ct);

    /// <summary>Each migration's phase: from SafeMigrate's state, else contracted when plain FluentMigrator applied it, else pending.</summary>
    public async Task<IReadOnlyDictionary<long, MigrationPhase>> StatusAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var phases = await ReadPhasesAsync(connection, ensureState: false, ct).ConfigureAwait(false);
        var applied = await VersionInfoTable.ReadAppliedAsync(connection, ct).ConfigureAwait(false);
        return migrations.ToDictionary(
            m => m.Version,
            m => phases.TryGetValue(m.Version, out var phase) ? phase : applied.Contains(m.Version) ? MigrationPhase.Contracted : MigrationPhase.Pending);
    }

    private async Task RollBackOneAsync(NpgsqlConnection connection, StepStateStore store, StepExecutor executor, MigrationUnit unit, PlannedMigration planned, CancellationToken ct)
    {
        await store.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.RollingBack, null, ct).ConfigureAwait(false);
        await executor.RunAsync(unit.Version, "rollback", planned.Rollback, ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await VersionInfoTable.DeleteAsync(connection, transaction, unit.Version, ct).ConfigureAwait(false);
        await store.ForgetAsync(unit.Version, transaction, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    private async Task<ReleasePlan> PlanAsync(NpgsqlConnection connection, IReadOnlyList<MigrationUnit> release, CancellationToken ct)
    {
        using var dialect = new PostgresDialect();
        var catalog = await PostgresCatalog.ReadAsync(connection, ct).ConfigureAwait(false);
        var types = await PostgresCatalog.NormalizeTypesAsync(connection, ReleasePlanner.AlteredColumnTypes(dialect.FluentMigrator, release), ct).ConfigureAwait(false);
        return new ReleasePlanner(dialect, catalog, types, _options.BatchSize, _options.DelayBetweenBatches).Plan(release);
    }

    /// <summary>The migrations of the release (not contracted, not applied by plain FluentMigrator), in version order, with their phases.</summary>
    private static async Task<(IReadOnlyList<MigrationUnit> Release, IReadOnlyDictionary<long, MigrationPhase> Phases)> ReadReleaseAsync(
        NpgsqlConnection connection, IReadOnlyList<MigrationUnit> migrations, bool ensureState, CancellationToken ct)
    {
        var phases = await ReadPhasesAsync(connection, ensureState, ct).ConfigureAwait(false);
        var applied = await VersionInfoTable.ReadAppliedAsync(connection, ct).ConfigureAwait(false);
        var release = migrations
            .Where(m => phases.TryGetValue(m.Version, out var phase) ? phase != MigrationPhase.Contracted : !applied.Contains(m.Version))
            .OrderBy(m => m.Version)
            .ToList();
        return (release, phases);
    }

    private static async Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(NpgsqlConnection connection, bool ensureState, CancellationToken ct)
    {
        var store = new StepStateStore(connection);
        if (ensureState)
        {
            await store.EnsureSchemaAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass('safe_migrate.migration_state') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
            {
                return new Dictionary<long, MigrationPhase>();
            }
        }

        return await store.ReadPhasesAsync(ct).ConfigureAwait(false);
    }

    private async Task WaitForDrainAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_options.WaitForDrainPattern))
        {
            return;
        }

        var pattern = _options.WaitForDrainPattern.Replace('*', '%');
        var deadline = DateTime.UtcNow + _options.DrainTimeout;
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE @pattern", connection);
            command.Parameters.AddWithValue("pattern", pattern);
            var sessions = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            if (sessions == 0)
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new BlockedException(
                    $"{sessions} session(s) with application_name like '{_options.WaitForDrainPattern}' are still connected after {_options.DrainTimeout}: the old version is not gone. Try contract again once it is.");
            }

            _options.Log?.Invoke($"waiting for {sessions} session(s) of the old version ('{_options.WaitForDrainPattern}') to leave");
            await Task.Delay(_options.DrainPollInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task<T> RunLockedAsync<T>(Func<NpgsqlConnection, StepStateStore, CancellationToken, Task<T>> action, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await MigrationLock.AcquireAsync(connection, ct).ConfigureAwait(false);
        try
        {
            return await action(connection, new StepStateStore(connection), ct).ConfigureAwait(false);
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await MigrationLock.ReleaseAsync(connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A connection with <c>lock_timeout</c> set (no app query queues behind one of our statements for longer) and no
    /// <c>statement_timeout</c> (index builds, validations and batches may legitimately take long once they hold their lock).
    /// </summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        NpgsqlConnection connection;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "safe-migrate", Pooling = false };
            connection = new NpgsqlConnection(builder.ConnectionString);
        }
        catch (ArgumentException)
        {
            throw new InvalidInputException("The connection string is malformed: expected 'key=value' pairs separated by ';'.");
        }

        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                $"SET lock_timeout = {(long)_options.LockTimeout.TotalMilliseconds}; SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0;", connection);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new DatabaseFailureException($"Cannot connect to the database: {e.Message}", e);
        }

        return connection;
    }
}
