using SafeMigrate.Catalog;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Steps;

namespace SafeMigrate.Execution;

/// <summary>
/// One command's work on any provider: state, FluentMigrator's version table, the catalog, planning against it and
/// running steps, all through the shared <see cref="StateStore"/>, <see cref="StepRunner"/> and <see cref="RetryPolicy"/>;
/// only <paramref name="provider"/> knows the driver and the SQL.
/// </summary>
/// <param name="delay">How retries wait (tests pass one that does not sleep).</param>
internal sealed class ReleaseSession(IProviderSession provider, SafeMigratorOptions options, Func<TimeSpan, CancellationToken, Task>? delay = null) : IReleaseSession
{
    private readonly StateStore _state = new(provider.Connection, provider.StateSql);
    private readonly RetryPolicy _retry = new(options, provider.Errors.IsLockFailure, delay);

    private readonly RunMonitor _monitor = new(options, new RunProgressStore(provider.Connection, provider.StateSql.Progress), TimeProvider.System);

    private BackfillGates? _gates;

    private StepRunner Runner => new(provider, _state, _retry, options, _monitor, Gates);

    /// <summary>Made once per command: the replica-lag throttle keeps its history of the primary's positions across backfills.</summary>
    private BackfillGates Gates => _gates ??= BackfillGates.From(options, provider, _monitor);

    public async Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(bool ensureState, CancellationToken ct)
    {
        if (ensureState)
        {
            await _state.EnsureSchemaAsync(ct).ConfigureAwait(false);
        }
        else if (!await _state.ExistsAsync(ct).ConfigureAwait(false))
        {
            return new Dictionary<long, MigrationPhase>();
        }

        return await _state.ReadPhasesAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<long>> ReadAppliedVersionsAsync(CancellationToken ct) =>
        (await _state.ReadVersionInfoAsync(ct).ConfigureAwait(false)).Keys.ToHashSet();

    public Task<CatalogSnapshot> ReadCatalogAsync(CancellationToken ct) => provider.ReadCatalogAsync(ct);

    public async Task<ReleasePlan> PlanAsync(IReadOnlyList<MigrationUnit> release, CancellationToken ct, bool install = false, IReadOnlySet<long>? started = null)
    {
        var inputs = await provider.ReadPlanningInputsAsync(release, ct).ConfigureAwait(false);
        using var dialect = inputs.Dialect;
        var planner = new ReleasePlanner(dialect, inputs.Catalog, inputs.NormalizedTypes, options.BatchSize, options.DelayBetweenBatches, inputs.Settings)
        {
            UncopiableColumns = inputs.UncopiableColumns,
        };
        return install ? planner.PlanInstall(release) : planner.Plan(release, started);
    }

    public Task SetPhaseAsync(long version, string description, MigrationPhase phase, CancellationToken ct) =>
        _state.SetPhaseAsync(version, description, phase, null, ct);

    public Task BeginExpandAsync(long version, string description, string expandRecord, CancellationToken ct) =>
        _state.BeginExpandAsync(version, description, expandRecord, ct);

    public Task<string?> ReadExpandRecordAsync(long version, CancellationToken ct) => _state.ReadExpandRecordAsync(version, ct);

    public async Task<IReadOnlyList<(long Version, string Phase, int Index, string Checkpoint)>> ReadCheckpointsAsync(CancellationToken ct) =>
        await _state.ExistsAsync(ct).ConfigureAwait(false) ? await _state.ReadCheckpointsAsync(ct).ConfigureAwait(false) : [];

    public Task<IReadOnlySet<int>> ReadStartedStepsAsync(long version, string phase, CancellationToken ct) => _state.ReadStartedStepsAsync(version, phase, ct);

    public Task RunStepsAsync(long version, string phase, IReadOnlyList<Step> steps, CancellationToken ct) => Runner.RunAsync(version, phase, steps, ct);

    public Task CompleteExpandAsync(long version, string description, CancellationToken ct) =>
        Runner.InTransactionAsync($"record migration {version} in VersionInfo", async transaction =>
        {
            await _state.InsertVersionAsync(version, description, transaction, ct).ConfigureAwait(false);
            await _state.SetPhaseAsync(version, description, MigrationPhase.Expanded, transaction, ct).ConfigureAwait(false);
        }, ct);

    public Task ForgetAsync(long version, CancellationToken ct) =>
        Runner.InTransactionAsync($"forget migration {version}", async transaction =>
        {
            await _state.DeleteVersionAsync(version, transaction, ct).ConfigureAwait(false);
            await _state.ForgetAsync(version, transaction, ct).ConfigureAwait(false);
        }, ct);

    public async Task<DatabaseStatus> ReadStatusAsync(IReadOnlyList<MigrationDescriptor>? migrations, CancellationToken ct)
    {
        var statuses = await _state.ReadStatusesAsync(migrations, ct).ConfigureAwait(false);
        var unproved = await provider.ReadUnprovedNotNullsAsync(ct).ConfigureAwait(false);
        return new DatabaseStatus(statuses, unproved)
        {
            Instances = await ReadLiveInstancesAsync(ct).ConfigureAwait(false),
            Pause = await Pauses.ReadAsync(ct).ConfigureAwait(false),
            Run = await new RunProgressStore(provider.Connection, provider.StateSql.Progress).ReadAsync(ct).ConfigureAwait(false),
        };
    }

    public Task FinishRunAsync(CancellationToken ct) => _monitor.RunFinishedAsync(ct);

    public Task PauseAsync(string reason, string pausedBy, CancellationToken ct) => Pauses.PauseAsync(reason, pausedBy, ct);

    public Task<bool> ResumeAsync(CancellationToken ct) => Pauses.ResumeAsync(ct);

    private PauseStore Pauses => new(provider.Connection, provider.StateSql.Pauses);

    public Task ValidateThrottleAsync(CancellationToken ct) => Gates.ValidateAsync(provider.Connection, ct);

    public Task<IReadOnlyList<AppInstance>> ReadLiveInstancesAsync(CancellationToken ct) =>
        new HeartbeatStore(provider.Connection, provider.StateSql.Heartbeats).ReadLiveAsync(ct);

    public Task<long> CountSessionsAsync(string likePattern, CancellationToken ct) => provider.CountSessionsAsync(likePattern, ct);

    public async ValueTask DisposeAsync()
    {
        if (_gates is not null)
        {
            await _gates.DisposeAsync().ConfigureAwait(false);
        }

        await provider.DisposeAsync().ConfigureAwait(false);
    }
}
