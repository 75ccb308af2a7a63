using SafeMigrate.Backfill;
using SafeMigrate.State;

namespace SafeMigrate.Execution;

/// <summary>
/// What a running command tells the world while it runs: the caller's callbacks (<see cref="SafeMigratorOptions"/>:
/// step starts, backfill progress, waits) and the live progress row that <c>status</c> reads from another process
/// (<see cref="RunProgressStore"/>). The row is written at each step, when a wait begins or ends, and during a backfill
/// between batches at most once a second (one short statement, outside any transaction, on the run's connection).
/// </summary>
internal sealed class RunMonitor(SafeMigratorOptions options, RunProgressStore? store, TimeProvider clock) : IProgress<BackfillProgress>
{
    /// <summary>How often a backfill's rows are written to the live row: often enough to watch, rare enough to cost nothing.</summary>
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    private static readonly string RunBy = $"{Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId}";

    private readonly object _gate = new();
    private DateTimeOffset? _runStartedAt;
    private RunProgress? _current;
    private bool _unsaved;
    private DateTimeOffset _savedAt = DateTimeOffset.MinValue;

    public async Task StepStartedAsync(StepStart start, CancellationToken ct)
    {
        options.ReportStepStart(start);
        BeginStep(start);
        await SaveAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A backfill batch committed: the caller hears at once, the live row at the next <see cref="SaveIfDueAsync"/>.</summary>
    public void Report(BackfillProgress value)
    {
        options.BackfillProgress?.Report(value);
        lock (_gate)
        {
            if (_current is not null)
            {
                _current = _current with { RowsDone = value.RowsDone, RowsTotal = value.RowsTotal, RowsPerSecond = Math.Round(value.RowsPerSecond, 1) };
                _unsaved = true;
            }
        }
    }

    /// <summary>Between batches: writes the backfill's progress when a second has passed since the last write.</summary>
    public async Task SaveIfDueAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_unsaved || clock.GetUtcNow() - _savedAt < SaveInterval)
            {
                return;
            }
        }

        await SaveAsync(ct).ConfigureAwait(false);
    }

    /// <param name="waiter">"the backfill" (between batches) or "the run" (before a step), for the log line.</param>
    public async Task WaitStartedAsync(string reason, string why, string waiter, CancellationToken ct)
    {
        lock (_gate)
        {
            _current = _current is null ? null : _current with { WaitingFor = why, WaitingSince = clock.GetUtcNow() };
        }

        // The row first: whoever acts on the event (a pipeline reading the JSON log, then running status) sees the wait.
        await SaveAsync(ct).ConfigureAwait(false);
        options.ReportWait(new RunWait(reason, why, null), waiter);
    }

    public async Task WaitEndedAsync(string reason, string why, TimeSpan waited, string waiter, CancellationToken ct)
    {
        lock (_gate)
        {
            _current = _current is null ? null : _current with { WaitingFor = null, WaitingSince = null };
        }

        await SaveAsync(ct).ConfigureAwait(false);
        options.ReportWait(new RunWait(reason, why, waited), waiter);
    }

    /// <summary>
    /// The run was stopped (SIGTERM, Ctrl-C): the live row is brought up to date, so that <c>status</c> says where the same
    /// command resumes, namely <paramref name="next"/> when the stop came between steps (else the current step, with its
    /// last rows). Best effort, on a connection whose last statement may just have been cancelled: a write that fails
    /// leaves the row a batch or a step behind, and must not hide why the run stopped.
    /// </summary>
    public async Task StoppedAsync(StepStart? next)
    {
        if (next is not null)
        {
            BeginStep(next);
        }

        lock (_gate)
        {
            _current = _current is null ? null : _current with { WaitingFor = null, WaitingSince = null };
        }

        try
        {
            await SaveAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // The stop itself is what the caller reports; a stale row only makes status a little behind.
        }
    }

    /// <summary>The command finished: its live row goes (a run that stopped keeps it, for <c>status</c> to say where).</summary>
    public async Task RunFinishedAsync(CancellationToken ct)
    {
        // A run that had nothing left to do also clears the row of an earlier run that stopped: its work is done now.
        if (store is not null && (_runStartedAt is not null || await store.TableExistsAsync(ct).ConfigureAwait(false)))
        {
            await store.DeleteAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The row of a step about to run: no rows yet, no wait (whether the run holds the lock is read by status).</summary>
    private void BeginStep(StepStart start)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _runStartedAt ??= now;
            _current = new RunProgress(
                Running: true, RunBy, _runStartedAt.Value, now, start.Version, start.Phase, start.Index + 1, start.Count, start.Step.Description, now,
                RowsDone: null, RowsTotal: null, RowsPerSecond: null, WaitingFor: null, WaitingSince: null);
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        RunProgress? row;
        lock (_gate)
        {
            row = _current;
            _unsaved = false;
            _savedAt = clock.GetUtcNow();
        }

        if (store is not null && row is not null)
        {
            await store.SaveAsync(row, ct).ConfigureAwait(false);
        }
    }
}
