using System.Data.Common;
using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.State;
using SafeMigrate.Steps;

namespace SafeMigrate.Execution;

/// <summary>
/// The one step loop of every provider: runs the steps of one migration's phase in order, skipping those recorded as
/// done, so that a run stopped anywhere finishes, when re-run, exactly as an uninterrupted one. A transactional step
/// commits together with its "done" mark (it runs exactly once); any other step is idempotent, marked running before
/// and done after its work. Lock failures are retried by <see cref="RetryPolicy"/>; cancellation is honoured between
/// steps and between backfill batches, and a statement running when the token is cancelled is cancelled on the server; either
/// way the run ends with a <see cref="RunStoppedException"/> saying where.
/// </summary>
/// <param name="monitor">Hears each step start and backfill batch (the caller's callbacks, the live row of <c>status</c>).</param>
/// <param name="gates">Asked before each step (the pause; every throttle before a long step) and each batch; null: none.</param>
internal sealed class StepRunner(IProviderSession provider, StateStore state, RetryPolicy retry, SafeMigratorOptions options, RunMonitor monitor, BackfillGates? gates = null)
{
    private DbConnection Connection => provider.Connection;

    public async Task RunAsync(long version, string phase, IReadOnlyList<Step> steps, CancellationToken ct)
    {
        for (var index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            if (await state.IsDoneAsync(version, phase, index, ct).ConfigureAwait(false))
            {
                continue;
            }

            if (ct.IsCancellationRequested)
            {
                await monitor.StoppedAsync(new StepStart(version, phase, index, steps.Count, step)).ConfigureAwait(false);
                throw RunStoppedException.Before(version, phase, index, steps.Count, step.Description, ct);
            }

            await monitor.StepStartedAsync(new StepStart(version, phase, index, steps.Count, step), ct).ConfigureAwait(false);
            if (gates is not null)
            {
                // A pause (dotnet safe-migrate pause) holds the run here, between steps, with no transaction open; a
                // lagging replica or the throttle query too, before a step that reads or writes every row.
                try
                {
                    await (IsLong(step)
                        ? gates.WaitBeforeLongStepAsync(Connection, ct)
                        : gates.WaitWhilePausedAsync(Connection, ct)).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await monitor.StoppedAsync(null).ConfigureAwait(false);
                    throw RunStoppedException.Before(version, phase, index, steps.Count, step.Description, ct);
                }
            }

            using var activity = SafeMigrateTelemetry.StartStep(version, phase, index, steps.Count, step);
            var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var failed = true;
            try
            {
                options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: false));
                await RunStepAsync(version, phase, index, step, ct).ConfigureAwait(false);
                failed = false;
            }
            catch (Exception e) when (ct.IsCancellationRequested && IsCancellation(e))
            {
                // The statement the server was running is cancelled (the token reaches Npgsql and SqlClient, which ask
                // the server to cancel it), its transaction rolled back; the step is not marked done, so it runs again
                // on resume. A backfill stopped between batches.
                var backfill = e as BackfillStoppedException;
                await monitor.StoppedAsync(null).ConfigureAwait(false);
                throw RunStoppedException.During(version, phase, index, steps.Count, step.Description, backfill?.RowsDone, backfill?.RowsTotal, e, ct);
            }
            catch (DbException e) when (!provider.Errors.IsLockFailure(e) && !(ct.IsCancellationRequested && e.InnerException is OperationCanceledException))
            {
                throw provider.Errors.IsConnectionFailure(e)
                    ? new DatabaseFailureException(
                        $"Migration {version}, {phase} step {index + 1} ({step.Description}): the database connection failed: {e.Message}. Run the same command again: it resumes at this step.", e)
                    : new DatabaseFailureException(
                        $"Migration {version}, {phase} step {index + 1} ({step.Description}) failed: {provider.Errors.Describe(e)}. Fix the cause and run the same command again: it resumes at this step.", e);
            }
            finally
            {
                if (failed)
                {
                    activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
                }

                SafeMigrateTelemetry.RecordStep(phase, step, startedAt, failed);
            }
        }
    }

    /// <summary>
    /// A step that reads or writes every row of a table in one go: the throttles hold it as they hold a backfill batch,
    /// because it too puts load on the primary and a burst of WAL on the replicas. A backfill asks them per batch instead.
    /// </summary>
    private static bool IsLong(Step step) => step.Work is StepWork.IndexBuild or StepWork.Scan or StepWork.Rewrite;

    /// <summary>
    /// The driver's answer to a cancelled token: an <see cref="OperationCanceledException"/> (Npgsql's carries the
    /// server's 57014 inside), or a driver exception wrapping one (the connection broke while cancelling).
    /// </summary>
    private static bool IsCancellation(Exception e) => e is OperationCanceledException || e.InnerException is OperationCanceledException;

    private async Task RunStepAsync(long version, string phase, int index, Step step, CancellationToken ct)
    {
        switch (step)
        {
            case SqlStep { Transactional: true } sql:
                await RunInTransactionThenMarkAsync(version, phase, index, step, transaction => ExecuteAsync(sql.Statement, transaction, ct), ct).ConfigureAwait(false);
                break;
            case SqlStep sql:
                await RunThenMarkAsync(version, phase, index, step, () => retry.RunAsync(step.Description, () => ExecuteAsync(sql.Statement, null, ct), ct), ct).ConfigureAwait(false);
                break;
            case DataFixStep fix:
                await RunInTransactionThenMarkAsync(version, phase, index, step, transaction =>
                {
                    fix.Fix(Connection, transaction);
                    return Task.CompletedTask;
                }, ct).ConfigureAwait(false);
                break;
            case BackfillStep backfill:
                await RunThenMarkAsync(version, phase, index, step, () => RunBackfillAsync(version, phase, index, backfill, ct), ct).ConfigureAwait(false);
                break;
            case BatchedDataFixStep fix:
                await RunThenMarkAsync(version, phase, index, step, () => RunBatchedFixAsync(version, phase, index, fix, ct), ct).ConfigureAwait(false);
                break;
            default:
                await RunThenMarkAsync(version, phase, index, step, async () =>
                {
                    if (!await provider.TryRunProviderStepAsync(step, retry, ct).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException($"No runner for {step.GetType().Name}: this provider's dialect does not plan it.");
                    }
                }, ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The step's work and its "done" mark in one transaction, retried whole on a lock failure. The transaction is rolled
    /// back before the wait: PostgreSQL has aborted it already, but SQL Server leaves it open after error 1222 (only
    /// the statement was cancelled), and its locks must not be kept while waiting.
    /// </summary>
    internal Task RunInTransactionThenMarkAsync(long version, string phase, int index, Step step, Func<DbTransaction, Task> work, CancellationToken ct) =>
        InTransactionAsync(step.Description, async transaction =>
        {
            await work(transaction).ConfigureAwait(false);
            options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: true));
            await state.MarkDoneAsync(version, phase, index, step.Description, transaction, ct).ConfigureAwait(false);
        }, ct);

    /// <summary>A short transaction of the release flow (VersionInfo with the phase, forgetting a migration), retried as steps are.</summary>
    internal Task InTransactionAsync(string what, Func<DbTransaction, Task> work, CancellationToken ct) =>
        retry.RunAsync(what, async () =>
        {
            await using var transaction = await Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            try
            {
                await work(transaction).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (provider.Errors.IsLockFailure(e))
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }, ct);

    private async Task RunThenMarkAsync(long version, string phase, int index, Step step, Func<Task> work, CancellationToken ct)
    {
        await state.MarkRunningAsync(version, phase, index, step.Description, ct).ConfigureAwait(false);
        await work().ConfigureAwait(false);
        options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: true));
        await state.MarkDoneAsync(version, phase, index, step.Description, null, ct).ConfigureAwait(false);
    }

    private async Task RunBackfillAsync(long version, string phase, int index, BackfillStep step, CancellationToken ct)
    {
        var request = step.Request with
        {
            BatchSize = options.BatchSize,
            TargetBatchDuration = options.BackfillTargetBatchDuration,
            DelayBetweenBatches = options.DelayBetweenBatches,
            LockTimeout = options.LockTimeout,
            MaxLockAttempts = options.MaxLockAttempts,
        };
        var driver = new BackfillDriver(Connection, provider.Backfill, provider.Errors, retry, gates);
        var result = await driver.RunAsync(
            request, new StepCheckpointStore(state.Sql, version, phase, index, step.Description), monitor, ct).ConfigureAwait(false);
        options.Log?.Invoke($"  {result.RowsUpdated} row(s) updated in {result.Batches} batch(es){(result.Resumed ? " (resumed)" : string.Empty)}");
    }

    /// <summary>
    /// A batched C# data fix, on the backfill driver: the run's batch size, target duration, pause, lock timeout and
    /// gates, its checkpoint in the step's row. A fix that throws stops the run at that batch, rolled back.
    /// </summary>
    private async Task RunBatchedFixAsync(long version, string phase, int index, BatchedDataFixStep step, CancellationToken ct)
    {
        var request = new BackfillRequest(step.Walks.Schema, step.Walks.Name, string.Empty, null, options.BatchSize, options.DelayBetweenBatches, options.LockTimeout, options.MaxLockAttempts)
        {
            TargetBatchDuration = options.BackfillTargetBatchDuration,
        };
        var driver = new BackfillDriver(Connection, provider.Backfill, provider.Errors, retry, gates);
        BackfillResult result;
        try
        {
            result = await driver.RunFixAsync(
                request, step.Fix, new StepCheckpointStore(state.Sql, version, phase, index, step.Description), monitor, ct).ConfigureAwait(false);
        }
        catch (DataFixFailedException e)
        {
            var cause = e.InnerException is DbException db ? provider.Errors.Describe(db) : $"{e.InnerException!.GetType().Name}: {e.InnerException.Message.TrimEnd('.')}";
            throw new DatabaseFailureException(
                $"Migration {version}, {phase} step {index + 1} ({step.Description}): the data fix failed on the batch of {provider.Backfill.Quote(step.Walks.Schema, step.Walks.Name)} " +
                $"{(e.Batch.After is { } after ? $"after key ({string.Join(", ", after)})" : "from the first key")} up to key ({string.Join(", ", e.Batch.UpTo ?? [])}): {cause}. " +
                "That batch was rolled back; the batches before it stay committed. Fix the cause and run the same command again: it resumes at that batch.",
                e.InnerException);
        }

        options.Log?.Invoke($"  {result.RowsUpdated} row(s) given to the data fix in {result.Batches} batch(es){(result.Resumed ? " (resumed)" : string.Empty)}");
    }

    private async Task ExecuteAsync(string sql, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
