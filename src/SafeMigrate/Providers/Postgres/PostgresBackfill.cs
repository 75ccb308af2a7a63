using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using SafeMigrate.Errors;
using SafeMigrate.Backfill;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Batched, resumable backfill on PostgreSQL: walks the table's key from its smallest value to the greatest one that
/// existed at the start, updating at most <see cref="BackfillRequest.BatchSize"/> rows per short transaction, and
/// saves a checkpoint inside each batch's transaction. Batches are sized to last about
/// <see cref="BackfillRequest.TargetBatchDuration"/> (see <see cref="BatchSizer"/>).
/// </summary>
/// <remarks>
/// One long UPDATE would hold row locks on the whole table until it commits and bloat it in one go (hazard 19); here
/// a batch holds the row locks of its own rows for milliseconds. Each batch is an index range scan starting after the
/// previous batch's last key, so the cost of a row does not depend on how far the backfill has come nor on the table's
/// size (the weakness of backfills that look for "rows still to do" with a scan per batch).
/// </remarks>
public static class PostgresBackfill
{
    private static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the backfill to its end, or continues it from the checkpoint in <paramref name="checkpoints"/>.
    /// </summary>
    /// <param name="progress">Called synchronously after each committed batch.</param>
    /// <param name="ct">Cancellation stops the backfill after the current batch has committed with its checkpoint,
    /// then throws <see cref="OperationCanceledException"/>; running it again resumes.</param>
    /// <exception cref="InvalidInputException">No such table, no usable key, a bad request, or a foreign checkpoint.</exception>
    /// <exception cref="BlockedException">A batch could not lock its rows within the lock timeout, every attempt.</exception>
    /// <exception cref="DatabaseFailureException">The database failed or rejected a statement (for example a bad SET clause).</exception>
    public static async Task<BackfillResult> RunAsync(
        string connectionString,
        BackfillRequest request,
        IBackfillCheckpointStore checkpoints,
        IProgress<BackfillProgress>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(checkpoints);
        Validate(request);
        var qualified = BackfillKey.Quote(request.Schema, request.Table);
        ct.ThrowIfCancellationRequested();

        NpgsqlConnection connection;
        try
        {
            connection = new NpgsqlConnection(connectionString);
        }
        catch (ArgumentException)
        {
            // The driver's message may quote a value of the connection string: it is not passed on.
            throw new InvalidInputException("The connection string is malformed.");
        }

        await using (connection.ConfigureAwait(false))
        {
            try
            {
                return await RunOnConnectionAsync(connection, request, qualified, checkpoints, progress, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                throw new BlockedException($"The backfill of {qualified} could not get a lock within the lock timeout: {e.MessageText}.", e);
            }
            catch (NpgsqlException e) when (!ct.IsCancellationRequested || e.InnerException is not OperationCanceledException)
            {
                var reason = e is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : e.Message.TrimEnd('.');
                throw new DatabaseFailureException(
                    $"The backfill of {qualified} failed: {reason}; batches already committed stay, and running it again resumes after them.",
                    e);
            }
        }
    }

    private static void Validate(BackfillRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Schema) || string.IsNullOrWhiteSpace(request.Table))
        {
            throw new InvalidInputException("A backfill needs a schema and a table name.");
        }

        if (string.IsNullOrWhiteSpace(request.SetClause))
        {
            throw new InvalidInputException($"The backfill of {BackfillKey.Quote(request.Schema, request.Table)} has an empty SET clause.");
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

    private static async Task<BackfillResult> RunOnConnectionAsync(
        NpgsqlConnection connection,
        BackfillRequest request,
        string qualified,
        IBackfillCheckpointStore checkpoints,
        IProgress<BackfillProgress>? progress,
        CancellationToken ct)
    {
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await ConfigureSessionAsync(connection, request.LockTimeout ?? BackfillRequest.DefaultLockTimeout, ct).ConfigureAwait(false);

        var (key, tableOid) = await BackfillKey.ReadAsync(connection, request.Schema, request.Table, ct).ConfigureAwait(false);
        var keyColumns = key.Columns.Select(c => c.Name).ToArray();
        var statements = new PostgresBackfillStatements(key, request.SetClause, request.Predicate);

        var stored = await checkpoints.LoadAsync(ct).ConfigureAwait(false);
        var resumed = stored is not null;
        BackfillCheckpoint state;
        if (stored is null)
        {
            // The range is fixed now: rows inserted from here on get their value from the triggers, and chasing them
            // would never end on a busy table.
            var max = await ReadMaxKeyAsync(connection, statements, ct).ConfigureAwait(false);
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
                await SaveAloneAsync(connection, checkpoints, state).ConfigureAwait(false);
            }

            progress?.Report(new BackfillProgress(state.RowsDone, state.RowsDone, 0));
            return new BackfillResult(state.RowsUpdated, state.Batches, resumed);
        }

        var estimate = await EstimateRowsAsync(connection, tableOid, ct).ConfigureAwait(false);
        await using var firstBatch = await PrepareAsync(connection, statements.FirstBatchSql, 1 + statements.KeyWidth, ct).ConfigureAwait(false);
        await using var nextBatch = await PrepareAsync(connection, statements.NextBatchSql, 1 + 2 * statements.KeyWidth, ct).ConfigureAwait(false);

        // The size is not part of the checkpoint: a resumed run starts small again, as the load may have changed.
        var sizer = new BatchSizer(request.BatchSize, EffectiveTarget(request));
        var clock = Stopwatch.StartNew();
        var rowsThisRun = 0L;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (next, duration) = await RunBatchWithRetriesAsync(connection, request, qualified, checkpoints, state, sizer.Size, firstBatch, nextBatch, ct)
                .ConfigureAwait(false);
            sizer.Record(duration);
            rowsThisRun += next.RowsDone - state.RowsDone;
            state = next;

            var total = state.Done ? state.RowsDone : estimate is { } e ? Math.Max(e, state.RowsDone) : (long?)null;
            var seconds = clock.Elapsed.TotalSeconds;
            progress?.Report(new BackfillProgress(state.RowsDone, total, seconds > 0 ? rowsThisRun / seconds : 0));

            if (state.Done)
            {
                return new BackfillResult(state.RowsUpdated, state.Batches, resumed);
            }

            if (request.DelayBetweenBatches > TimeSpan.Zero)
            {
                await Task.Delay(request.DelayBetweenBatches, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One batch in its own transaction, with its checkpoint. The batch's statements get no cancellation token: once
    /// started, a batch commits (cancellation is honoured between batches), so a cancelled run leaves a clean checkpoint.
    /// </summary>
    private static async Task<(BackfillCheckpoint State, TimeSpan Duration)> RunBatchWithRetriesAsync(
        NpgsqlConnection connection,
        BackfillRequest request,
        string qualified,
        IBackfillCheckpointStore checkpoints,
        BackfillCheckpoint state,
        int batchSize,
        NpgsqlCommand firstBatch,
        NpgsqlCommand nextBatch,
        CancellationToken ct)
    {
        var width = state.KeyColumns.Length;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // From BEGIN to the end of COMMIT, as the client sees it: covers the whole time the batch's row locks are
                // held (the UPDATE takes them, COMMIT releases them), waits for rows the application has locked included.
                // Only the attempt that commits is timed; a rolled-back attempt released its locks.
                var started = Stopwatch.GetTimestamp();
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                var command = state.LastKey is null ? firstBatch : nextBatch;
                command.Transaction = transaction;
                var index = 0;
                if (state.LastKey is not null)
                {
                    foreach (var value in state.LastKey)
                    {
                        command.Parameters[index++].Value = value;
                    }
                }

                foreach (var value in state.MaxKey!)
                {
                    command.Parameters[index++].Value = value;
                }

                command.Parameters[index].Value = batchSize;

                long walked, updated;
                string[]? lastKey;
                await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                    walked = reader.GetInt64(0);
                    updated = reader.GetInt64(1);
                    lastKey = reader.IsDBNull(2) ? null : Enumerable.Range(2, width).Select(reader.GetString).ToArray();
                }

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
            catch (PostgresException e) when (IsRetryable(e) && attempt < request.MaxLockAttempts)
            {
                // The transaction is rolled back (disposed) by now, releasing the row locks this batch already had.
                await Task.Delay(Backoff(attempt), ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (IsRetryable(e))
            {
                var timeout = (request.LockTimeout ?? BackfillRequest.DefaultLockTimeout).TotalMilliseconds;
                throw new BlockedException(
                    $"The backfill of {qualified} could not lock its next batch of rows in {attempt} attempts " +
                    $"(lock timeout {timeout.ToString(CultureInfo.InvariantCulture)} ms each): other transactions hold them; " +
                    "run it again later to resume after the last committed batch.",
                    e);
            }
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

    /// <summary>Lock timeouts, deadlocks (an application transaction locking the same rows in another order) and serialization failures: the batch is retried whole.</summary>
    private static bool IsRetryable(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    /// <summary>Exponential from 100 ms, capped at 5 s, with "equal jitter" (half fixed, half random) so that retries of several runners spread out.</summary>
    internal static TimeSpan Backoff(int attempt)
    {
        var exponential = BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = Math.Min(exponential, BackoffCap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    private static async Task ConfigureSessionAsync(NpgsqlConnection connection, TimeSpan lockTimeout, CancellationToken ct)
    {
        // lock_timeout bounds how long a batch waits for row locks the application holds, so the application's own
        // queries never queue behind the backfill for longer. statement_timeout is left alone: a batch is short by
        // construction and must not be killed halfway through a slow trigger. ISO dates and exact floats make the
        // text form of a key (the checkpoint) read back to the same value.
        await using var command = new NpgsqlCommand(
            "SELECT set_config('lock_timeout', $1, false), set_config('DateStyle', 'ISO', false), set_config('extra_float_digits', '3', false)",
            connection);
        var milliseconds = Math.Max(1, (long)Math.Ceiling(lockTimeout.TotalMilliseconds));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = milliseconds.ToString(CultureInfo.InvariantCulture) + "ms" });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<string[]?> ReadMaxKeyAsync(NpgsqlConnection connection, PostgresBackfillStatements statements, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(statements.MaxKeySql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return Enumerable.Range(0, statements.KeyWidth).Select(reader.GetString).ToArray();
    }

    /// <summary>The planner's row estimate: free, where count(*) would scan the table.</summary>
    private static async Task<long?> EstimateRowsAsync(NpgsqlConnection connection, uint tableOid, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Oid, Value = tableOid });
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is long rows && rows > 0 ? rows : null;
    }

    /// <summary>Prepared once per run: each batch then costs one Bind/Execute, no parse nor plan lookup.</summary>
    private static async Task<NpgsqlCommand> PrepareAsync(NpgsqlConnection connection, string sql, int parameterCount, CancellationToken ct)
    {
        var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameterCount - 1; i++)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        }

        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer });
        await command.PrepareAsync(ct).ConfigureAwait(false);
        return command;
    }

    private static async Task SaveAloneAsync(NpgsqlConnection connection, IBackfillCheckpointStore checkpoints, BackfillCheckpoint state)
    {
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        await checkpoints.SaveAsync(connection, transaction, state.Serialize(), CancellationToken.None).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
