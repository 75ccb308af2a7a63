using SafeMigrate.Dialects;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate;

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
    internal SafeMigrator(IReleaseDatabase database, SafeMigratorOptions? options = null)
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
    internal static ReleasePlan PlanOffline(IReadOnlyList<MigrationUnit> migrations, SqlDialect dialect, SafeMigratorOptions? options = null)
    {
        options ??= new SafeMigratorOptions();
        return new ReleasePlanner(dialect, null, null, options.BatchSize, options.DelayBetweenBatches).Plan(CollectOffline(migrations, dialect));
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
    internal static ReleasePlan PlanEachOffline(IReadOnlyList<MigrationUnit> migrations, SqlDialect dialect, SafeMigratorOptions? options = null)
    {
        options ??= new SafeMigratorOptions();
        var planned = new List<PlannedMigration>();
        var refusals = new List<Refusal>();
        foreach (var migration in CollectOffline(migrations, dialect))
        {
            var plan = new ReleasePlanner(dialect, null, null, options.BatchSize, options.DelayBetweenBatches).Plan([migration]);
            planned.AddRange(plan.Migrations);
            refusals.AddRange(plan.Refusals);
        }

        return new ReleasePlan(planned, refusals);
    }

    /// <summary>The plan of the migrations not yet contracted (or applied by plain FluentMigrator), read against the live catalog.</summary>
    public Task<ReleasePlan> PlanAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default) =>
        ExplainAccessDeniedAsync(() => PlanLiveAsync(migrations, ct));

    private async Task<ReleasePlan> PlanLiveAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct)
    {
        await using var session = await _database.OpenAsync(_options, holdMigrationLock: false, ct).ConfigureAwait(false);
        var (release, phases) = await ReadReleaseAsync(session, migrations, ensureState: false, ct).ConfigureAwait(false);
        if (await IsNewDatabaseAsync(session, phases, null, ct).ConfigureAwait(false))
        {
            // Planned from the catalog as it is, the migrations' schema queries answered by the model of the earlier
            // ones; at expand each is collected against the database the earlier ones really left.
            return await PlanInstallAsync(session, release, ct).ConfigureAwait(false);
        }

        return await session.PlanAsync(await CollectAsync(session, release, phases, null, ct).ConfigureAwait(false), ct, started: Started(phases)).ConfigureAwait(false);
    }

    /// <summary>
    /// An empty database (no table or view but FluentMigrator's VersionInfo) where no migration is applied, or one where
    /// an install has not finished (a migration it marked is still expanding): no old version of the app can be running
    /// against it, so the whole history is applied as plain FluentMigrator applies it. A database that has tables but no
    /// migration applied (a schema made by other means) is not new: an app may be using it; nor is one where an install
    /// finished: the next release is a release.
    /// </summary>
    private static async Task<bool> IsNewDatabaseAsync(IReleaseSession session, IReadOnlyDictionary<long, MigrationPhase> phases, CatalogSnapshot? catalog, CancellationToken ct)
    {
        var applied = await session.ReadAppliedVersionsAsync(ct).ConfigureAwait(false);
        if (applied.Any(v => !phases.ContainsKey(v)))
        {
            return false;
        }

        if (phases.Count == 0)
        {
            catalog ??= await session.ReadCatalogAsync(ct).ConfigureAwait(false);
            return catalog.Relations.All(r => r.Table == "VersionInfo");
        }

        foreach (var (version, phase) in phases)
        {
            if (phase == MigrationPhase.Expanding && ExpandRecord.Parse(await session.ReadExpandRecordAsync(version, ct).ConfigureAwait(false)) is { Install: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The install plan, migration by migration, until one asks the schema after raw SQL or a data fix whose effect the
    /// model cannot foresee: that one and the rest are planned when they run.
    /// </summary>
    private static async Task<ReleasePlan> PlanInstallAsync(IReleaseSession session, IReadOnlyList<MigrationUnit> release, CancellationToken ct)
    {
        var catalog = await session.ReadCatalogAsync(ct).ConfigureAwait(false);
        var schema = SchemaModel.From(catalog);
        var collected = new List<MigrationUnit>();
        var deferred = new List<PlannedMigration>();
        foreach (var unit in release)
        {
            if (deferred.Count == 0)
            {
                try
                {
                    collected.AddRange(ReleaseCollector.Collect([unit], schema));
                    continue;
                }
                catch (Exception e) when (e is SchemaQueryUnanswerableException or InvalidInputException { InnerException: SchemaQueryUnanswerableException })
                {
                    // Planned when it runs.
                }
            }

            deferred.Add(new PlannedMigration(unit.Version, unit.Descriptor.Description,
                [new DeferredInstallStep("new database: applied as plain FluentMigrator would; its steps are known once the earlier migrations have run")], [], []));
        }

        var plan = await session.PlanAsync(collected, ct, install: true).ConfigureAwait(false);
        return new ReleasePlan(plan.Migrations.Concat(deferred).ToList(), plan.Refusals);
    }

    /// <summary>
    /// Applies each pending migration as plain FluentMigrator would, in order, each collected against the database the
    /// earlier ones left (so its schema queries get the server's own answers), under the migration lock, with its steps
    /// recorded (a killed install resumes at the step it stopped at) and VersionInfo written; each is then contracted.
    /// Every migration of the install is marked first, so that an install killed between two migrations still resumes as
    /// an install; a migration's schema answers are recorded when it is collected.
    /// </summary>
    private async Task<ReleasePlan> InstallAsync(IReleaseSession session, IReadOnlyList<MigrationUnit> release, IReadOnlyDictionary<long, MigrationPhase> phases, CancellationToken ct)
    {
        foreach (var unit in release.Where(u => !phases.ContainsKey(u.Version)))
        {
            await session.BeginExpandAsync(unit.Version, unit.Descriptor.Description, ExpandRecord.ForInstall(null).Serialize(), ct).ConfigureAwait(false);
        }

        var marked = await session.ReadPhasesAsync(ensureState: true, ct).ConfigureAwait(false);
        var planned = new List<PlannedMigration>();
        foreach (var unit in release)
        {
            _options.Log?.Invoke($"{unit.Version}: new database: applying as plain FluentMigrator would");
            var (collected, answers, records) = await CollectWithAnswersAsync(session, [unit], marked, null, ct).ConfigureAwait(false);
            var plan = await session.PlanAsync(collected, ct, install: true).ConfigureAwait(false);
            plan.ThrowIfRefused();
            var migration = plan.Migrations.Single();
            if (records.GetValueOrDefault(unit.Version) is { Answers: null })
            {
                await session.BeginExpandAsync(unit.Version, unit.Descriptor.Description, ExpandRecord.ForInstall(answers[unit.Version]).Serialize(), ct).ConfigureAwait(false);
            }

            await session.RunStepsAsync(unit.Version, "expand", migration.Expand, ct).ConfigureAwait(false);
            await session.CompleteExpandAsync(unit.Version, unit.Descriptor.Description, ct).ConfigureAwait(false);
            await session.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.Contracted, ct).ConfigureAwait(false);
            planned.Add(migration);
        }

        return new ReleasePlan(planned, []);
    }

    /// <summary>
    /// Offline, the migrations are collected in order against a schema that starts empty and takes each one's effect:
    /// a schema query is answered as a database built from the earlier migrations would answer it.
    /// </summary>
    private static IReadOnlyList<MigrationUnit> CollectOffline(IReadOnlyList<MigrationUnit> migrations, SqlDialect dialect) =>
        ReleaseCollector.Collect(migrations, new SchemaModel(null, dialect.SchemaOrDefault(null), ignoreCase: dialect.Provider == DatabaseProvider.SqlServer));

    /// <summary>
    /// The release's migrations collected in order against the live catalog (<paramref name="catalog"/>, else read now)
    /// and the earlier ones' effects; a migration whose expand began gets the answers it got then (see <see cref="ExpandRecord"/>).
    /// The answers each one got are returned, to be recorded when its expand begins, with the records read.
    /// </summary>
    private static async Task<(IReadOnlyList<MigrationUnit> Release, IReadOnlyDictionary<long, IReadOnlyDictionary<string, bool>> Answers, IReadOnlyDictionary<long, ExpandRecord> Records)> CollectWithAnswersAsync(
        IReleaseSession session, IReadOnlyList<MigrationUnit> release, IReadOnlyDictionary<long, MigrationPhase> phases, CatalogSnapshot? catalog, CancellationToken ct)
    {
        catalog ??= await session.ReadCatalogAsync(ct).ConfigureAwait(false);
        var records = new Dictionary<long, ExpandRecord>();
        foreach (var unit in release.Where(u => phases.ContainsKey(u.Version)))
        {
            if (ExpandRecord.Parse(await session.ReadExpandRecordAsync(unit.Version, ct).ConfigureAwait(false)) is { } record)
            {
                records[unit.Version] = record;
            }
        }

        var recordedAnswers = records.Where(r => r.Value.Answers is not null).ToDictionary(r => r.Key, r => r.Value.Answers!);
        var collected = ReleaseCollector.Collect(release, SchemaModel.From(catalog), recordedAnswers, out var answers);
        return (collected, answers, records);
    }

    private static async Task<IReadOnlyList<MigrationUnit>> CollectAsync(
        IReleaseSession session, IReadOnlyList<MigrationUnit> release, IReadOnlyDictionary<long, MigrationPhase> phases, CatalogSnapshot? catalog, CancellationToken ct) =>
        (await CollectWithAnswersAsync(session, release, phases, catalog, ct).ConfigureAwait(false)).Release;

    /// <summary>Expands every pending migration in version order; the old version keeps working throughout.</summary>
    public Task<ReleasePlan> ExpandAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default) =>
        ExpandAsync(migrations, toVersion: null, ct);

    /// <summary>
    /// Expands the pending migrations up to <paramref name="toVersion"/> only, in version order, as FluentMigrator's
    /// <c>MigrateUp(version)</c> applies them: the later ones stay pending for a release of their own.
    /// </summary>
    /// <exception cref="InvalidInputException"><paramref name="toVersion"/> is not the version of one of <paramref name="migrations"/> (nothing is opened).</exception>
    public Task<ReleasePlan> ExpandAsync(IReadOnlyList<MigrationUnit> migrations, long toVersion, CancellationToken ct = default) =>
        ExpandAsync(migrations, (long?)toVersion, ct);

    internal Task<ReleasePlan> ExpandAsync(IReadOnlyList<MigrationUnit> migrations, long? toVersion, CancellationToken ct) =>
        RunLockedAsync(migrations, toVersion, async (session, ct2) =>
        {
            await session.ValidateThrottleAsync(ct2).ConfigureAwait(false);
            var (whole, phases) = await ReadReleaseAsync(session, migrations, ensureState: true, ct2).ConfigureAwait(false);
            var release = UpTo(whole, toVersion);
            // The whole release: a later migration half rolled back left schema the earlier ones' plan does not expect.
            if (whole.FirstOrDefault(m => phases.GetValueOrDefault(m.Version) is MigrationPhase.RollingBack) is { } rolling)
            {
                throw new RefusedException($"Migration {rolling.Version} is being rolled back: run rollback again to finish it before expanding.");
            }

            var before = await session.ReadCatalogAsync(ct2).ConfigureAwait(false);
            if (release.Count > 0 && await IsNewDatabaseAsync(session, phases, before, ct2).ConfigureAwait(false))
            {
                return await InstallAsync(session, release, phases, ct2).ConfigureAwait(false);
            }

            (release, var answers, var records) = await CollectWithAnswersAsync(session, release, phases, before, ct2).ConfigureAwait(false);
            var plan = await session.PlanAsync(release, ct2, started: Started(phases)).ConfigureAwait(false);
            plan.ThrowIfRefused();
            var expanded = new List<(MigrationUnit Unit, PlannedMigration Plan)>();
            foreach (var (unit, planned) in release.Zip(plan.Migrations))
            {
                if (phases.GetValueOrDefault(unit.Version, MigrationPhase.Pending) is not (MigrationPhase.Pending or MigrationPhase.Expanding))
                {
                    continue;
                }

                expanded.Add((unit, planned));
                if (phases.GetValueOrDefault(unit.Version, MigrationPhase.Pending) is MigrationPhase.Pending || !records.ContainsKey(unit.Version))
                {
                    await BeginExpandAsync(session, unit, planned, answers[unit.Version], ct2).ConfigureAwait(false);
                }

                await session.RunStepsAsync(unit.Version, "expand", planned.Expand, ct2).ConfigureAwait(false);
                await session.CompleteExpandAsync(unit.Version, unit.Descriptor.Description, ct2).ConfigureAwait(false);
            }

            if (_options.SelfCheck && expanded.Count > 0)
            {
                var after = await session.ReadCatalogAsync(ct2).ConfigureAwait(false);
                var problems = ExpandSelfCheck.FindBreakingChanges(before, after, plan.ColumnsRetypedInPlace);
                if (problems.Count > 0)
                {
                    foreach (var (unit, planned) in Enumerable.Reverse(expanded))
                    {
                        await RollBackOneAsync(session, unit, () => Task.FromResult(planned), ct2).ConfigureAwait(false);
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
        ContractAsync(migrations, toVersion: null, ct);

    /// <summary>
    /// Contracts the migrations up to <paramref name="toVersion"/> only, in version order; later ones stay expanded (for
    /// several releases in flight). The drain wait is for instances built before <paramref name="toVersion"/>'s release:
    /// its newest migration contracted.
    /// </summary>
    /// <exception cref="InvalidInputException"><paramref name="toVersion"/> is not the version of one of <paramref name="migrations"/> (nothing is opened).</exception>
    public Task ContractAsync(IReadOnlyList<MigrationUnit> migrations, long toVersion, CancellationToken ct = default) =>
        ContractAsync(migrations, (long?)toVersion, ct);

    internal Task ContractAsync(IReadOnlyList<MigrationUnit> migrations, long? toVersion, CancellationToken ct) =>
        RunLockedAsync(migrations, toVersion, async (session, ct2) =>
        {
            await session.ValidateThrottleAsync(ct2).ConfigureAwait(false);
            var (whole, phases) = await ReadReleaseAsync(session, migrations, ensureState: true, ct2).ConfigureAwait(false);
            var release = UpTo(whole, toVersion);
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
            await WaitForOlderInstancesAsync(session, release[^1].Version, ct2).ConfigureAwait(false);
            release = await CollectAsync(session, release, phases, null, ct2).ConfigureAwait(false);
            var plan = await session.PlanAsync(release, ct2, started: Started(phases)).ConfigureAwait(false);
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
        RollbackAsync(migrations, toVersion: null, ct);

    /// <summary>
    /// Undoes the expand of the migrations above <paramref name="toVersion"/> only, latest first, as FluentMigrator's
    /// <c>MigrateDown(version)</c> reverts those above it: the schema is left as the release up to <paramref name="toVersion"/> expects.
    /// </summary>
    /// <exception cref="InvalidInputException"><paramref name="toVersion"/> is not the version of one of <paramref name="migrations"/> (nothing is opened).</exception>
    public Task RollbackAsync(IReadOnlyList<MigrationUnit> migrations, long toVersion, CancellationToken ct = default) =>
        RollbackAsync(migrations, (long?)toVersion, ct);

    internal Task RollbackAsync(IReadOnlyList<MigrationUnit> migrations, long? toVersion, CancellationToken ct) =>
        RunLockedAsync(migrations, toVersion, async (session, ct2) =>
        {
            var (whole, phases) = await ReadReleaseAsync(session, migrations, ensureState: true, ct2).ConfigureAwait(false);
            var release = toVersion is { } to ? whole.Where(m => m.Version > to).ToList() : whole;
            if (toVersion is { } target && migrations.Where(m => m.Version > target).Except(whole).OrderBy(m => m.Version).FirstOrDefault() is { } finished)
            {
                // Contracted (or applied by plain FluentMigrator): what the older version needed is gone, so the schema
                // cannot be returned to what the migrations up to the target left.
                throw new RefusedException($"Migration {finished.Version}, above {target}, is contracted: rollback cannot return below it, so nothing was rolled back. Roll back to {finished.Version} or later.");
            }

            if (release.FirstOrDefault(m => phases.GetValueOrDefault(m.Version) is MigrationPhase.Contracting) is { } contracting)
            {
                throw new RefusedException($"Migration {contracting.Version} is being contracted: what only the old version needed is gone, so rollback is no longer possible. Run contract again to finish.");
            }

            // An install is one whole: no part of it has an earlier version to return to.
            if (whole.FirstOrDefault(m => phases.ContainsKey(m.Version)) is { } installing
                && ExpandRecord.Parse(await session.ReadExpandRecordAsync(installing.Version, ct2).ConfigureAwait(false)) is { Install: true })
            {
                throw new RefusedException(
                    $"Migration {installing.Version} is being applied to a new database, as plain FluentMigrator would: there is no earlier version to return to. Run expand again to finish the install, or drop the database.");
            }

            // The undo recorded when each expand began is what runs; a plan is made only for state an earlier
            // SafeMigrate wrote without one.
            ReleasePlan? plan = null;
            foreach (var unit in Enumerable.Reverse(release))
            {
                if (phases.GetValueOrDefault(unit.Version) is MigrationPhase.Expanding or MigrationPhase.Expanded or MigrationPhase.RollingBack)
                {
                    await RollBackOneAsync(session, unit, async () =>
                    {
                        plan ??= await session.PlanAsync(await CollectAsync(session, whole, phases, null, ct2).ConfigureAwait(false), ct2, started: Started(phases)).ConfigureAwait(false);
                        return plan.Migrations.Single(m => m.Version == unit.Version);
                    }, ct2).ConfigureAwait(false);
                }
            }

            return true;
        }, ct);

    /// <summary>Each migration's phase: from SafeMigrate's state, else contracted when plain FluentMigrator applied it, else pending.</summary>
    /// <exception cref="InvalidStateException">A phase this version does not know (<see cref="ReadStatusAsync"/> shows it instead).</exception>
    public Task<IReadOnlyDictionary<long, MigrationPhase>> StatusAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct = default) =>
        ExplainAccessDeniedAsync(() => ReadPhasesAsync(migrations, ct));

    private async Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(IReadOnlyList<MigrationUnit> migrations, CancellationToken ct)
    {
        await using var session = await _database.OpenAsync(_options, holdMigrationLock: false, ct).ConfigureAwait(false);
        var phases = await session.ReadPhasesAsync(ensureState: false, ct).ConfigureAwait(false);
        var applied = await session.ReadAppliedVersionsAsync(ct).ConfigureAwait(false);
        return migrations.ToDictionary(
            m => m.Version,
            m => phases.TryGetValue(m.Version, out var phase) ? phase : applied.Contains(m.Version) ? MigrationPhase.Contracted : MigrationPhase.Pending);
    }

    /// <summary>Where each migration stands (SafeMigrate's state merged with <c>VersionInfo</c>); reads only, creates nothing.</summary>
    /// <param name="migrations">The assembly's migrations, or null to list only what the database knows.</param>
    /// <exception cref="DatabaseFailureException">The state could not be read.</exception>
    public async Task<DatabaseStatus> ReadStatusAsync(IReadOnlyList<MigrationDescriptor>? migrations, CancellationToken ct = default)
    {
        await using var session = await _database.OpenAsync(_options, holdMigrationLock: false, ct).ConfigureAwait(false);
        try
        {
            return await session.ReadStatusAsync(migrations, ct).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new DatabaseFailureException($"Reading migration state failed: {_database.Errors.Describe(e)}.", e);
        }
    }

    /// <summary>
    /// Pauses the release running against this database, from any process: it waits before its next backfill batch or
    /// step, holding no lock, until <see cref="ResumeAsync"/>. A release started while the pause stands waits the same
    /// way. Takes no migration lock.
    /// </summary>
    /// <param name="reason">Shown by <c>status</c> and in the run's log; may be empty.</param>
    /// <exception cref="DatabaseFailureException">The pause could not be written (a login that may not create the table, say).</exception>
    public async Task PauseAsync(string? reason = null, CancellationToken ct = default)
    {
        await using var session = await _database.OpenAsync(_options, holdMigrationLock: false, ct).ConfigureAwait(false);
        try
        {
            await session.PauseAsync(reason ?? string.Empty, $"{Environment.UserName}@{Environment.MachineName}", ct).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new DatabaseFailureException($"Pausing failed: {_database.Errors.Describe(e)}.", e);
        }
    }

    /// <summary>Lifts a pause (<see cref="PauseAsync"/>): the paused release goes on where it stopped. False when nothing was paused.</summary>
    /// <exception cref="DatabaseFailureException">The pause could not be removed.</exception>
    public async Task<bool> ResumeAsync(CancellationToken ct = default)
    {
        await using var session = await _database.OpenAsync(_options, holdMigrationLock: false, ct).ConfigureAwait(false);
        try
        {
            return await session.ResumeAsync(ct).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e)
        {
            throw new DatabaseFailureException($"Resuming failed: {_database.Errors.Describe(e)}.", e);
        }
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

    /// <summary>
    /// Records, as the migration becomes expanding, the undo of its expand: its rollback steps less those whose object
    /// is in the catalog now, before any of its steps ran, and the answers its schema queries got (<see cref="ExpandRecord"/>).
    /// </summary>
    private async Task BeginExpandAsync(IReleaseSession session, MigrationUnit unit, PlannedMigration planned, IReadOnlyDictionary<string, bool> answers, CancellationToken ct)
    {
        var before = await session.ReadCatalogAsync(ct).ConfigureAwait(false);
        var record = ExpandRecord.ForRelease(planned, before, answers, out var kept);
        foreach (var item in kept)
        {
            _options.Log?.Invoke($"  {unit.Version}: {item} existed before this expand; a rollback will keep it");
        }

        await session.BeginExpandAsync(unit.Version, unit.Descriptor.Description, record.Serialize(), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Undoes what the migration's expand did, latest first: the recorded undo (or, for state without one, the plan's),
    /// only the steps whose expand work was started.
    /// </summary>
    private static async Task RollBackOneAsync(IReleaseSession session, MigrationUnit unit, Func<Task<PlannedMigration>> plan, CancellationToken ct)
    {
        await session.SetPhaseAsync(unit.Version, unit.Descriptor.Description, MigrationPhase.RollingBack, ct).ConfigureAwait(false);
        var recorded = ExpandRecord.Parse(await session.ReadExpandRecordAsync(unit.Version, ct).ConfigureAwait(false));
        var steps = recorded is null ? (await plan().ConfigureAwait(false)).Rollback : recorded.Rollback;
        var started = await session.ReadStartedStepsAsync(unit.Version, "expand", ct).ConfigureAwait(false);
        await session.RunStepsAsync(unit.Version, "rollback", ExpandRecord.OnlyForStarted(steps, started), ct).ConfigureAwait(false);
        await session.ForgetAsync(unit.Version, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The migrations of the release (not contracted, not applied by plain FluentMigrator), in version order, with their
    /// phases; state this version cannot act on is refused first (<see cref="StateIntegrity"/>), before anything runs.
    /// A migration in progress that <paramref name="migrations"/> lack is refused with <paramref name="ensureState"/> only
    /// (expand, contract, rollback).
    /// </summary>
    /// <exception cref="InvalidStateException">An unknown phase, an unreadable record or checkpoint, a migration in progress the given ones lack.</exception>
    private static async Task<(IReadOnlyList<MigrationUnit> Release, IReadOnlyDictionary<long, MigrationPhase> Phases)> ReadReleaseAsync(
        IReleaseSession session, IReadOnlyList<MigrationUnit> migrations, bool ensureState, CancellationToken ct)
    {
        var phases = await session.ReadPhasesAsync(ensureState, ct).ConfigureAwait(false);
        if (ensureState)
        {
            // Only the commands that change the database: a plan reads, and a live check reports it as a finding (SM5103).
            StateIntegrity.ThrowIfInProgressAndMissing(phases, migrations);
        }

        var applied = await session.ReadAppliedVersionsAsync(ct).ConfigureAwait(false);
        var release = migrations
            .Where(m => phases.TryGetValue(m.Version, out var phase) ? phase != MigrationPhase.Contracted : !applied.Contains(m.Version))
            .OrderBy(m => m.Version)
            .ToList();
        await StateIntegrity.ThrowIfUnreadableAsync(session, release, phases, ct).ConfigureAwait(false);
        return (release, phases);
    }

    private Task WaitForDrainAsync(IReleaseSession session, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_options.WaitForDrainPattern))
        {
            return Task.CompletedTask;
        }

        // The option's syntax is the same on every server: * and % both match any text.
        var pattern = _options.WaitForDrainPattern.Replace('*', '%');
        return WaitUntilGoneAsync(async () =>
        {
            var sessions = await session.CountSessionsAsync(pattern, ct).ConfigureAwait(false);
            return sessions == 0 ? null : $"{sessions} session(s) with an application name like '{_options.WaitForDrainPattern}' are still connected";
        }, ct);
    }

    /// <summary>
    /// Waits until no live app instance was built before <paramref name="newestContracted"/>, the newest migration being
    /// contracted: such an instance may still use what contract removes. An instance that stops cleanly removes its
    /// heartbeat at once; one that is killed stops counting when its beat expires.
    /// </summary>
    private Task WaitForOlderInstancesAsync(IReleaseSession session, long newestContracted, CancellationToken ct)
    {
        if (!_options.WaitForOlderInstances)
        {
            return Task.CompletedTask;
        }

        return WaitUntilGoneAsync(async () =>
        {
            var older = (await session.ReadLiveInstancesAsync(ct).ConfigureAwait(false)).Where(i => i.NewestMigration < newestContracted).ToList();
            return older.Count == 0 ? null :
                $"{older.Count} app instance(s) built before migration {newestContracted} ({string.Join(", ", older.Select(i => $"{i.AppVersion} on {i.HostName}, newest migration {i.NewestMigration}"))}) are still running";
        }, ct);
    }

    /// <summary>Polls <paramref name="stillThere"/> (what of the old version is left, or null once it is gone) until it is gone or the drain timeout passes.</summary>
    private async Task WaitUntilGoneAsync(Func<Task<string?>> stillThere, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + _options.DrainTimeout;
        string? logged = null;
        while (await stillThere().ConfigureAwait(false) is { } left)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new BlockedException($"{left} after {_options.DrainTimeout}: the old version is not gone. Try contract again once it is.");
            }

            if (left != logged)
            {
                _options.Log?.Invoke($"waiting for the old version to leave: {left}");
                logged = left;
            }

            await Task.Delay(_options.DrainPollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The migrations whose expand has begun (or more): the catalog already holds their own work.</summary>
    private static IReadOnlySet<long> Started(IReadOnlyDictionary<long, MigrationPhase> phases) =>
        phases.Where(p => p.Value is not MigrationPhase.Pending).Select(p => p.Key).ToHashSet();

    /// <summary>The migrations of <paramref name="release"/> up to <paramref name="toVersion"/> (all of them without one).</summary>
    private static IReadOnlyList<MigrationUnit> UpTo(IReadOnlyList<MigrationUnit> release, long? toVersion) =>
        toVersion is { } to ? release.Where(m => m.Version <= to).ToList() : release;

    /// <summary>A target version must name one of the migrations: a typo must not silently act on all of them, or on none.</summary>
    private static void ThrowIfNoSuchVersion(IReadOnlyList<MigrationUnit> migrations, long? toVersion)
    {
        if (toVersion is { } to && migrations.All(m => m.Version != to))
        {
            var range = migrations.Count == 0 ? "there are none" : $"they run from {migrations.Min(m => m.Version)} to {migrations.Max(m => m.Version)}";
            throw new InvalidInputException($"No migration has version {to} ({range}): the target version must be one of the migrations'.");
        }
    }

    private async Task<T> RunLockedAsync<T>(IReadOnlyList<MigrationUnit> migrations, long? toVersion, Func<IReleaseSession, CancellationToken, Task<T>> action, CancellationToken ct)
    {
        ThrowIfNoSuchVersion(migrations, toVersion);
        return await RunLockedAsync(action, ct).ConfigureAwait(false);
    }

    private Task<T> RunLockedAsync<T>(Func<IReleaseSession, CancellationToken, Task<T>> action, CancellationToken ct) =>
        ExplainAccessDeniedAsync(async () =>
        {
            await using var session = await _database.OpenAsync(_options, holdMigrationLock: true, ct).ConfigureAwait(false);
            var result = await action(session, ct).ConfigureAwait(false);
            await session.FinishRunAsync(ct).ConfigureAwait(false);
            return result;
        });

    /// <summary>
    /// A privilege the connecting user lacks, or a read-only database, met outside a step (creating the state schema,
    /// recording a phase, reading the catalog): one line naming what to grant or change. A step's failure says so itself.
    /// </summary>
    private async Task<T> ExplainAccessDeniedAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e) when (_database.Errors.DescribeAccessDenied(e) is { } reason)
        {
            throw new DatabaseFailureException($"The database refused SafeMigrate's work: {reason}; once that is done, run the same command again.", e);
        }
    }
}
