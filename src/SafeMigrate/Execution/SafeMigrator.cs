using SafeMigrate.Dialects;
using SafeMigrate.Dialects.Postgres;
using SafeMigrate.Errors;
using SafeMigrate.Execution.Postgres;
using SafeMigrate.Execution.SqlServer;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;

namespace SafeMigrate.Execution;

/// <summary>
/// The in-process entry point: plan, expand, contract and roll back a release of FluentMigrator migrations on
/// PostgreSQL or SQL Server. Every command holds the migration lock for its whole run and records its progress, so the
/// same command, run again after a failure or a cancellation, resumes. The rules of the release flow (which phase may
/// follow which, VersionInfo once expand is complete, the self-check, the drain wait) live here once; what differs
/// per server is behind <see cref="IReleaseDatabase"/>.
/// </summary>
public sealed class SafeMigrator
{
    private readonly IReleaseDatabase _database;
    private readonly SafeMigratorOptions _options;

    /// <summary>A release on the database of <paramref name="connectionString"/>; the provider is inferred from its keywords, PostgreSQL when they do not tell.</summary>
    public SafeMigrator(string connectionString, SafeMigratorOptions? options = null)
        : this(connectionString, InferProvider(connectionString), options)
    {
    }

    public SafeMigrator(string connectionString, DatabaseProvider provider, SafeMigratorOptions? options = null)
        : this(provider == DatabaseProvider.SqlServer ? new SqlServerReleaseDatabase(connectionString) : new PostgresReleaseDatabase(connectionString), options)
    {
    }

    /// <summary>A release on any <see cref="IReleaseDatabase"/> (a custom host, or a test's fake connection).</summary>
    public SafeMigrator(IReleaseDatabase database, SafeMigratorOptions? options = null)
    {
        _database = database;
        _options = options ?? new SafeMigratorOptions();
    }

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
        await using var session = await _database.OpenAsync(_options, holdMigrationLock: false, ct).ConfigureAwait(false);
        var (release, _) = await ReadReleaseAsync(session, migrations, ensureState: false, ct).ConfigureAwait(false);
        return await session.PlanAsync(release, ct).ConfigureAwait(false);
    }

    /// <summary>Expands every pending migration in version order; the old version keeps working throughout.</summary>
    public Task<ReleasePlan> ExpandAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default) =>
        RunLockedAsync(async (session, ct2) =>
        {
            var (release, phases) = await ReadReleaseAsync(session, migrations, ensureState: true, ct2).ConfigureAwait(false);
            if (release.FirstOrDefault(m => phases.GetValueOrDefault(m.Version) is MigrationPhase.RollingBack) is { } rolling)
            {
                throw new RefusedException($"Migration {rolling.Version} is being rolled back: run rollback again to finish it before expanding.");
            }

            var before = _options.SelfCheck ? await session.ReadCatalogAsync(ct2).ConfigureAwait(false) : null;
            var plan = await session.PlanAsync(release, ct2).ConfigureAwait(false);
            plan.ThrowIfRefused();
            var expanded = new List<(MigrationUnit Unit, PlannedMigration Plan)>();
            foreach (var (unit, planned) in release.Zip(plan.Migrations))
            {
                if (phases.GetValueOrDefault(unit.Version, MigrationPhase.Pending) is not (MigrationPhase.Pending or MigrationPhase.Expanding))
                {
                    continue;
                }

                expanded.Add((unit, planned));
                await session.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.Expanding, ct2).ConfigureAwait(false);
                await session.RunStepsAsync(unit.Version, "expand", planned.Expand, ct2).ConfigureAwait(false);
                await session.CompleteExpandAsync(unit.Version, unit.Descriptor.Description, ct2).ConfigureAwait(false);
            }

            if (before is not null && expanded.Count > 0)
            {
                var after = await session.ReadCatalogAsync(ct2).ConfigureAwait(false);
                var problems = ExpandSelfCheck.FindBreakingChanges(before, after, plan.ColumnsRetypedInPlace);
                if (problems.Count > 0)
                {
                    foreach (var (unit, planned) in Enumerable.Reverse(expanded))
                    {
                        await RollBackOneAsync(session, unit, planned, ct2).ConfigureAwait(false);
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
        RunLockedAsync(async (session, ct2) =>
        {
            var (release, phases) = await ReadReleaseAsync(session, migrations, ensureState: true, ct2).ConfigureAwait(false);
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

            await WaitForDrainAsync(session, ct2).ConfigureAwait(false);
            var plan = await session.PlanAsync(release, ct2).ConfigureAwait(false);
            foreach (var (unit, planned) in release.Zip(plan.Migrations))
            {
                await session.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.Contracting, ct2).ConfigureAwait(false);
                await session.RunStepsAsync(unit.Version, "contract", planned.Contract, ct2).ConfigureAwait(false);
                await session.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.Contracted, ct2).ConfigureAwait(false);
            }

            return true;
        }, ct);

    /// <summary>Undoes the expand of every expanded (or half-expanded) migration, latest first; refused once contract began.</summary>
    public Task RollbackAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default) =>
        RunLockedAsync(async (session, ct2) =>
        {
            var (release, phases) = await ReadReleaseAsync(session, migrations, ensureState: true, ct2).ConfigureAwait(false);
            if (release.FirstOrDefault(m => phases.GetValueOrDefault(m.Version) is MigrationPhase.Contracting) is { } contracting)
            {
                throw new RefusedException($"Migration {contracting.Version} is being contracted: what only the old version needed is gone, so rollback is no longer possible. Run contract again to finish.");
            }

            var plan = await session.PlanAsync(release, ct2).ConfigureAwait(false);
            foreach (var (unit, planned) in Enumerable.Reverse(release.Zip(plan.Migrations).ToList()))
            {
                if (phases.GetValueOrDefault(unit.Version) is MigrationPhase.Expanding or MigrationPhase.Expanded or MigrationPhase.RollingBack)
                {
                    await RollBackOneAsync(session, unit, planned, ct2).ConfigureAwait(false);
                }
            }

            return true;
        }, ct);

    /// <summary>Each migration's phase: from SafeMigrate's state, else contracted when plain FluentMigrator applied it, else pending.</summary>
    public async Task<IReadOnlyDictionary<long, MigrationPhase>> StatusAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default)
    {
        await using var session = await _database.OpenAsync(_options, holdMigrationLock: false, ct).ConfigureAwait(false);
        var phases = await session.ReadPhasesAsync(ensureState: false, ct).ConfigureAwait(false);
        var applied = await session.ReadAppliedVersionsAsync(ct).ConfigureAwait(false);
        return migrations.ToDictionary(
            m => m.Version,
            m => phases.TryGetValue(m.Version, out var phase) ? phase : applied.Contains(m.Version) ? MigrationPhase.Contracted : MigrationPhase.Pending);
    }

    /// <summary>PostgreSQL unless the connection string's keywords say SQL Server: what this constructor always meant before SQL Server ran.</summary>
    private static DatabaseProvider InferProvider(string connectionString)
    {
        try
        {
            return DatabaseProviders.InferFromConnectionString(connectionString);
        }
        catch (InvalidInputException)
        {
            return DatabaseProvider.Postgres;
        }
    }

    private static async Task RollBackOneAsync(IReleaseSession session, MigrationUnit unit, PlannedMigration planned, CancellationToken ct)
    {
        await session.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.RollingBack, ct).ConfigureAwait(false);
        await session.RunStepsAsync(unit.Version, "rollback", planned.Rollback, ct).ConfigureAwait(false);
        await session.ForgetAsync(unit.Version, ct).ConfigureAwait(false);
    }

    /// <summary>The migrations of the release (not contracted, not applied by plain FluentMigrator), in version order, with their phases.</summary>
    private static async Task<(IReadOnlyList<MigrationUnit> Release, IReadOnlyDictionary<long, MigrationPhase> Phases)> ReadReleaseAsync(
        IReleaseSession session, IReadOnlyList<MigrationUnit> migrations, bool ensureState, CancellationToken ct)
    {
        var phases = await session.ReadPhasesAsync(ensureState, ct).ConfigureAwait(false);
        var applied = await session.ReadAppliedVersionsAsync(ct).ConfigureAwait(false);
        var release = migrations
            .Where(m => phases.TryGetValue(m.Version, out var phase) ? phase != MigrationPhase.Contracted : !applied.Contains(m.Version))
            .OrderBy(m => m.Version)
            .ToList();
        return (release, phases);
    }

    private async Task WaitForDrainAsync(IReleaseSession session, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_options.WaitForDrainPattern))
        {
            return;
        }

        // The option's syntax is the same on every server: * and % both match any text.
        var pattern = _options.WaitForDrainPattern.Replace('*', '%');
        var deadline = DateTime.UtcNow + _options.DrainTimeout;
        while (true)
        {
            var sessions = await session.CountSessionsAsync(pattern, ct).ConfigureAwait(false);
            if (sessions == 0)
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new BlockedException(
                    $"{sessions} session(s) with an application name like '{_options.WaitForDrainPattern}' are still connected after {_options.DrainTimeout}: the old version is not gone. Try contract again once it is.");
            }

            _options.Log?.Invoke($"waiting for {sessions} session(s) of the old version ('{_options.WaitForDrainPattern}') to leave");
            await Task.Delay(_options.DrainPollInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task<T> RunLockedAsync<T>(Func<IReleaseSession, CancellationToken, Task<T>> action, CancellationToken ct)
    {
        await using var session = await _database.OpenAsync(_options, holdMigrationLock: true, ct).ConfigureAwait(false);
        return await action(session, ct).ConfigureAwait(false);
    }
}
