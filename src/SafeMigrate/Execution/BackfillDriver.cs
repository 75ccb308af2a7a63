using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Backfill;
using SafeMigrate.FluentMigrator;

namespace SafeMigrate.Execution;

/// <summary>
/// The one batched, resumable backfill of every provider: walks the table's key from its smallest value to the greatest
/// one that existed at the start, updating at most <see cref="BackfillRequest.BatchSize"/> rows per short transaction,
/// and saves a checkpoint inside each batch's transaction. Batches are sized to last about
/// <see cref="BackfillRequest.TargetBatchDuration"/> (see <see cref="BatchSizer"/>). The provider gives the key and the
/// batch statement (<see cref="IBackfillSql"/>).
/// </summary>
/// <remarks>
/// One long UPDATE would hold row locks on the whole table until it commits and bloat it in one go (hazard 19); here a
/// batch holds the row locks of its own rows for milliseconds. Each batch is an index range scan starting after the
/// previous batch's last key, so the cost of a row does not depend on how far the backfill has come nor on the table's
/// size (the weakness of backfills that look for "rows still to do" with a scan per batch).
/// </remarks>
/// <param name="gates">Asked before each batch, between transactions (the load query, replica lag); null: none.</param>
internal sealed class BackfillDriver(DbConnection connection, IBackfillSql sql, DatabaseErrors errors, RetryPolicy retry, BackfillGates? gates = null)
{
    /// <summary>
    /// Runs the backfill to its end, or continues it from the checkpoint in <paramref name="checkpoints"/>.
    /// </summary>
    /// <param name="progress">Called synchronously after each committed batch.</param>
    /// <param name="ct">Cancellation stops the backfill after the current batch has committed with its checkpoint,
    /// then throws <see cref="OperationCanceledException"/>; running it again resumes.</param>
    /// <exception cref="InvalidInputException">No such table, no usable key, a bad request, or a foreign checkpoint.</exception>
    /// <exception cref="BlockedException">A batch could not lock its rows within the lock timeout, every attempt.</exception>
    /// <exception cref="DatabaseFailureException">The database failed or rejected a statement (for example a bad SET clause).</exception>
    public async Task<BackfillResult> RunAsync(BackfillRequest request, IBackfillCheckpointStore checkpoints, IProgress<BackfillProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request, sql);
        return await RunBatchesAsync(request, key => sql.PrepareBatchAsync(connection, key, request.SetClause, request.Predicate, ct), checkpoints, progress, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a batched C# data fix over the request's table as a backfill runs (its <see cref="BackfillRequest.SetClause"/>
    /// and predicate are not used): the provider's range statement finds each batch's key range without changing a row,
    /// then <paramref name="fix"/> is called with the connection, the batch's transaction and the range, and the
    /// checkpoint is saved in that transaction before it commits. A resumed run starts after the last committed batch.
    /// </summary>
    /// <exception cref="DataFixFailedException">The fix threw (anything but a lock failure, which retries the batch): the batch was rolled back.</exception>
    public async Task<BackfillResult> RunFixAsync(
        BackfillRequest request, Action<IDbConnection, IDbTransaction, DataFixBatch> fix, IBackfillCheckpointStore checkpoints, IProgress<BackfillProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(fix);
        Validate(request, sql, hasSetClause: false);
        return await RunBatchesAsync(
            request,
            async key => new DataFixBatches(connection, sql, errors, key, request.Schema, request.Table, await sql.PrepareRangeAsync(connection, key, ct).ConfigureAwait(false), fix),
            checkpoints,
            progress,
            ct).ConfigureAwait(false);
    }

    private async Task<BackfillResult> RunBatchesAsync(
        BackfillRequest request, Func<BackfillKey, Task<IBackfillBatch>> prepare, IBackfillCheckpointStore checkpoints, IProgress<BackfillProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var qualified = sql.Quote(request.Schema, request.Table);
        ct.ThrowIfCancellationRequested();
        try
        {
            return await RunValidatedAsync(request, qualified, prepare, checkpoints, progress, ct).ConfigureAwait(false);
        }
        catch (DbException e) when (errors.IsLockFailure(e))
        {
            throw new BlockedException($"The backfill of {qualified} could not get a lock within the lock timeout: {errors.Describe(e)}.", e);
        }
        catch (DbException e) when (!ct.IsCancellationRequested || e.InnerException is not OperationCanceledException)
        {
            var reason = errors.IsConnectionFailure(e) ? e.Message.TrimEnd('.') : errors.Describe(e);
            throw new DatabaseFailureException(
                $"The backfill of {qualified} failed: {reason}; batches already committed stay, and running it again resumes after them.", e);
        }
    }

    /// <summary>
    /// The request's target, capped at half the lock timeout. The overlap guarantee bounds every application wait on a
    /// migration lock by the lock timeout; an application UPDATE of a row in a batch waits for the batch's duration, so
    /// a target near the lock timeout would spend all of it on one batch, and the cap leaves room for a batch that runs
    /// over its target before the next one is cut.
    /// </summary>
    internal static TimeSpan? EffectiveTarget(BackfillRequest request)
    {
        if (request.TargetBatchDuration is not { } target)
        {
            return null;
        }

        var half = (request.LockTimeout ?? BackfillRequest.DefaultLockTimeout) / 2;
        return target < half ? target : half;
    }

    /// <param name="hasSetClause">False for a batched C# data fix, whose callback changes the rows.</param>
    internal static void Validate(BackfillRequest request, IBackfillSql sql, bool hasSetClause = true)
    {
        if (string.IsNullOrWhiteSpace(request.Schema) || string.IsNullOrWhiteSpace(request.Table))
        {
            throw new InvalidInputException("A backfill needs a schema and a table name.");
        }

        if (hasSetClause && string.IsNullOrWhiteSpace(request.SetClause))
        {
            throw new InvalidInputException($"The backfill of {sql.Quote(request.Schema, request.Table)} has an empty SET clause.");
        }

        if (request.BatchSize < 1)
        {
            throw new InvalidInputException($"The batch size must be at least 1, not {request.BatchSize}.");
        }

        if (request.TargetBatchDuration is { } target && target < TimeSpan.FromMilliseconds(1))
        {
            throw new InvalidInputException("The target batch duration must be at least 1 ms.");
        }

        if (request.DelayBetweenBatches < TimeSpan.Zero)
        {
            throw new InvalidInputException("The delay between batches cannot be negative.");
        }

        if (request.LockTimeout is { } timeout && timeout < TimeSpan.FromMilliseconds(1))
        {
            throw new InvalidInputException("The lock timeout must be at least 1 ms (0 would mean waiting forever).");
        }

        if (request.MaxLockAttempts < 1)
        {
            throw new InvalidInputException($"The number of lock attempts must be at least 1, not {request.MaxLockAttempts}.");
        }
    }

    private async Task<BackfillResult> RunValidatedAsync(
        BackfillRequest request, string qualified, Func<BackfillKey, Task<IBackfillBatch>> prepare, IBackfillCheckpointStore checkpoints, IProgress<BackfillProgress>? progress, CancellationToken ct)
    {
        await sql.ConfigureSessionAsync(connection, ct).ConfigureAwait(false);
        var (key, estimate) = await sql.ReadKeyAsync(connection, request.Schema, request.Table, ct).ConfigureAwait(false);
        var keyColumns = key.Columns.Select(c => c.Name).ToArray();

        var stored = await checkpoints.LoadAsync(connection, ct).ConfigureAwait(false);
        var resumed = stored is not null;
        BackfillCheckpoint state;
        if (stored is null)
        {
            // The range is fixed now: rows inserted from here on get their value from the triggers, and chasing them
            // would never end on a busy table.
            var max = await sql.ReadMaxKeyAsync(connection, key, ct).ConfigureAwait(false);
            state = new BackfillCheckpoint(BackfillCheckpoint.CurrentFormat, keyColumns, max, null, 0, 0, 0, Done: max is null);
        }
        else
        {
            state = BackfillCheckpoint.Parse(stored, qualified);
            if (!state.KeyColumns.SequenceEqual(keyColumns, StringComparer.Ordinal))
            {
                throw new InvalidInputException(
                    $"The stored checkpoint of the backfill of {qualified} walks the key ({string.Join(", ", state.KeyColumns)}), " +
                    $"but the table's key is now ({string.Join(", ", keyColumns)}); the checkpoint cannot be resumed.");
            }
        }

        if (state.Done)
        {
            if (!resumed)
            {
                // An empty table: record that there is nothing left, so a re-run does not look again.
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                await checkpoints.SaveAsync(connection, transaction, state.Serialize(), CancellationToken.None).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            progress?.Report(new BackfillProgress(state.RowsDone, state.RowsDone, 0));
            return new BackfillResult(state.RowsUpdated, state.Batches, resumed);
        }

        await using var batch = await prepare(key).ConfigureAwait(false);

        // The size is not part of the checkpoint: a resumed run starts small again, as the load may have changed.
        var sizer = new BatchSizer(sql.MaxBatchSize is { } most ? Math.Min(request.BatchSize, most) : request.BatchSize, EffectiveTarget(request));
        var clock = Stopwatch.StartNew();
        var rowsThisRun = 0L;
        long? Total() => state.Done ? state.RowsDone : estimate is { } e ? Math.Max(e, state.RowsDone) : null;
        while (true)
        {
            (BackfillCheckpoint State, TimeSpan Duration) next;
            try
            {
                ct.ThrowIfCancellationRequested();
                if (gates is not null)
                {
                    await gates.WaitAsync(connection, ct).ConfigureAwait(false);
                }

                next = await RunBatchWithRetriesAsync(request, qualified, checkpoints, state, sizer.Size, batch, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException stopped) when (ct.IsCancellationRequested)
            {
                // Between batches (or in a retry's backoff, the failed batch rolled back): the checkpoint of the last
                // committed batch is where a re-run starts.
                throw new BackfillStoppedException(state.RowsDone, Total(), stopped, ct);
            }

            sizer.Record(next.Duration);
            SafeMigrateTelemetry.RecordBatch(qualified, next.State.RowsUpdated - state.RowsUpdated, next.Duration);
            rowsThisRun += next.State.RowsDone - state.RowsDone;
            state = next.State;

            var seconds = clock.Elapsed.TotalSeconds;
            progress?.Report(new BackfillProgress(state.RowsDone, Total(), seconds > 0 ? rowsThisRun / seconds : 0));

            if (state.Done)
            {
                return new BackfillResult(state.RowsUpdated, state.Batches, resumed);
            }

            if (request.DelayBetweenBatches > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(request.DelayBetweenBatches, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException stopped) when (ct.IsCancellationRequested)
                {
                    throw new BackfillStoppedException(state.RowsDone, Total(), stopped, ct);
                }
            }
        }
    }

    /// <summary>
    /// One batch in its own transaction, with its checkpoint, retried whole (by the engine's <see cref="RetryPolicy"/>)
    /// when it could not lock its rows. The batch's statements get no cancellation token: once started, a batch commits
    /// (cancellation is honoured between batches), so a cancelled run leaves a clean checkpoint.
    /// </summary>
    private Task<(BackfillCheckpoint State, TimeSpan Duration)> RunBatchWithRetriesAsync(
        BackfillRequest request, string qualified, IBackfillCheckpointStore checkpoints, BackfillCheckpoint state, int batchSize, IBackfillBatch batch, CancellationToken ct)
    {
        return retry.For(errors.IsRetryableInBatch, request.MaxLockAttempts).RunAsync(
            $"backfill of {qualified}",
            async () =>
            {
                // From BEGIN to the end of COMMIT, as the client sees it: covers the whole time the batch's row locks are
                // held (the UPDATE takes them, COMMIT releases them), waits for rows the application has locked included.
                // Only the attempt that commits is timed; a rolled-back attempt released its locks.
                var started = Stopwatch.GetTimestamp();
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    var (walked, updated, lastKey) = await batch.RunAsync(transaction, state.LastKey, state.MaxKey!, batchSize).ConfigureAwait(false);

                    // Fewer rows than asked means the range up to the start's max key is exhausted; reaching the max key
                    // itself means the same without an extra, empty batch.
                    var done = walked < batchSize || lastKey is null || lastKey.SequenceEqual(state.MaxKey!, StringComparer.Ordinal);
                    var next = state with
                    {
                        LastKey = lastKey ?? state.LastKey,
                        RowsDone = state.RowsDone + walked,
                        RowsUpdated = state.RowsUpdated + updated,
                        Batches = state.Batches + (walked > 0 ? 1 : 0),
                        Done = done,
                    };
                    await checkpoints.SaveAsync(connection, transaction, next.Serialize(), CancellationToken.None).ConfigureAwait(false);
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    return (next, Stopwatch.GetElapsedTime(started));
                }
                catch (Exception e) when (errors.IsRetryableInBatch(e))
                {
                    // SQL Server keeps the transaction open after a lock timeout: release the batch's row locks now, not
                    // after the wait.
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            },
            ct,
            (attempt, e) => new BlockedException(
                $"The backfill of {qualified} could not lock its next batch of rows in {attempt} attempts " +
                $"(lock timeout {(request.LockTimeout ?? BackfillRequest.DefaultLockTimeout).TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms each): other transactions hold them; " +
                "run it again later to resume after the last committed batch.",
                e));
    }
}
