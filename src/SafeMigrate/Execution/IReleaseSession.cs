using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Execution;

/// <summary>
/// What the shared orchestration needs from one provider during one command: state, FluentMigrator's version table,
/// the catalog, planning against it, and running steps. Disposing it releases the migration lock and closes its
/// connections.
/// </summary>
internal interface IReleaseSession : IAsyncDisposable
{
    /// <summary>Each migration's phase in <c>safe_migrate.migration_state</c>; with <paramref name="ensureState"/> the state tables are created first, else a missing table reads as empty.</summary>
    Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(bool ensureState, CancellationToken ct);

    /// <summary>The versions in FluentMigrator's <c>VersionInfo</c> (none when the table does not exist).</summary>
    Task<IReadOnlySet<long>> ReadAppliedVersionsAsync(CancellationToken ct);

    /// <summary>The tables, views and columns the running app version can see, for the expand self-check.</summary>
    Task<CatalogSnapshot> ReadCatalogAsync(CancellationToken ct);

    /// <summary>The plan of <paramref name="release"/> for this server, read against its live catalog; with <paramref name="install"/>, the plan for a new database (<see cref="ReleasePlanner.PlanInstall"/>).</summary>
    /// <param name="started">Migrations whose expand has begun: the catalog shows their own work, so it is not held against their names.</param>
    Task<ReleasePlan> PlanAsync(IReadOnlyList<MigrationUnit> release, CancellationToken ct, bool install = false, IReadOnlySet<long>? started = null);

    Task SetPhaseAsync(long version, string description, MigrationPhase phase, CancellationToken ct);

    /// <summary>Marks a migration expanding and records, in the same statement, what its expand fixes (<see cref="ExpandRecord"/>).</summary>
    Task BeginExpandAsync(long version, string description, string expandRecord, CancellationToken ct);

    /// <summary>The <see cref="ExpandRecord"/> written when the migration's expand began, or null (none yet, or state of an earlier SafeMigrate).</summary>
    Task<string?> ReadExpandRecordAsync(long version, CancellationToken ct);

    /// <summary>The backfill checkpoint of every running step in <c>safe_migrate.step_state</c>; none when the state tables do not exist.</summary>
    Task<IReadOnlyList<(long Version, string Phase, int Index, string Checkpoint)>> ReadCheckpointsAsync(CancellationToken ct);

    /// <summary>The indexes of the steps of one phase that were started or finished.</summary>
    Task<IReadOnlySet<int>> ReadStartedStepsAsync(long version, string phase, CancellationToken ct);

    /// <summary>Runs the steps of one phase (<c>expand</c>, <c>contract</c>, <c>rollback</c>), skipping those recorded as done.</summary>
    Task RunStepsAsync(long version, string phase, IReadOnlyList<Step> steps, CancellationToken ct);

    /// <summary>In one transaction: <c>VersionInfo</c> gets the version and the migration becomes expanded.</summary>
    Task CompleteExpandAsync(long version, string description, CancellationToken ct);

    /// <summary>In one transaction: <c>VersionInfo</c> loses the version and its state is forgotten (pending again).</summary>
    Task ForgetAsync(long version, CancellationToken ct);

    /// <summary>Where each migration stands (SafeMigrate's state merged with <c>VersionInfo</c>), and what the provider adds to <c>status</c>.</summary>
    /// <param name="migrations">The assembly's migrations, or null to list only what the database knows.</param>
    Task<DatabaseStatus> ReadStatusAsync(IReadOnlyList<MigrationDescriptor>? migrations, CancellationToken ct);

    /// <summary>How many other sessions whose application name is LIKE <paramref name="likePattern"/> are connected.</summary>
    Task<long> CountSessionsAsync(string likePattern, CancellationToken ct);

    /// <summary>
    /// Asks each backfill gate once (<see cref="SafeMigratorOptions.ThrottleQuery"/>, the replicas of
    /// <see cref="SafeMigratorOptions.MaxReplicaLag"/>): a query that fails or a replica that cannot be opened is bad
    /// input, before anything changes.
    /// </summary>
    Task ValidateThrottleAsync(CancellationToken ct);

    /// <summary>The app instances whose heartbeat has not expired (none when no instance ever beat).</summary>
    Task<IReadOnlyList<AppInstance>> ReadLiveInstancesAsync(CancellationToken ct);

    /// <summary>The command finished its work: the live progress row of <c>status</c> goes (a stopped run leaves it).</summary>
    Task FinishRunAsync(CancellationToken ct);

    /// <summary>Records a pause of the release running against this database (<see cref="RunPause"/>); creates its table when missing.</summary>
    Task PauseAsync(string reason, string pausedBy, CancellationToken ct);

    /// <summary>Lifts the pause; false when there was none.</summary>
    Task<bool> ResumeAsync(CancellationToken ct);
}
