using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Errors;
using SafeMigrate.Planning;
using SafeMigrate.Dialects;
using static SafeMigrate.Providers.Postgres.PostgresIdentifiers;
using SafeMigrate.Execution;
using SafeMigrate.Steps;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Runs the steps of one migration's phase in order, skipping those already recorded as done, so that a run stopped
/// anywhere finishes, when re-run, exactly as an uninterrupted one. Cancellation is honoured between steps and
/// between backfill batches.
/// </summary>
public sealed class StepExecutor(string connectionString, NpgsqlConnection connection, StepStateStore state, SafeMigratorOptions options)
{
    public async Task RunAsync(long version, string phase, IReadOnlyList<Step> steps, CancellationToken ct)
    {
        for (var index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            if (await state.IsDoneAsync(version, phase, index, ct).ConfigureAwait(false))
            {
                continue;
            }

            ct.ThrowIfCancellationRequested();
            options.ReportStepStart(new StepStart(version, phase, index, steps.Count, step));
            options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: false));
            try
            {
                await RunStepAsync(version, phase, index, step, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (!LockRetry.IsLockFailure(e))
            {
                throw new DatabaseFailureException(
                    $"Migration {version}, {phase} step {index + 1} ({step.Description}) failed: {e.MessageText} (SQLSTATE {e.SqlState}). Fix the cause and run the same command again: it resumes at this step.", e);
            }
            catch (NpgsqlException e) when (e is not PostgresException && !ct.IsCancellationRequested)
            {
                throw new DatabaseFailureException(
                    $"Migration {version}, {phase} step {index + 1} ({step.Description}): the database connection failed: {e.Message}. Run the same command again: it resumes at this step.", e);
            }
        }
    }

    private Task RunStepAsync(long version, string phase, int index, Step step, CancellationToken ct) => step switch
    {
        SqlStep { Transactional: true } sql => RunInTransactionThenMarkAsync(version, phase, index, step, transaction => ExecuteAsync(sql.Statement, transaction, ct), ct),
        SqlStep sql => RunThenMarkAsync(version, phase, index, step, () => LockRetry.RunAsync(options, step.Description, () => ExecuteAsync(sql.Statement, null, ct), ct), ct),
        ConcurrentIndexStep index1 => RunThenMarkAsync(version, phase, index, step, () => CreateIndexConcurrentlyAsync(index1.Schema, index1.IndexName, index1.CreateSql, step.Description, ct), ct),
        BackfillStep backfill => RunBackfillAsync(version, phase, index, backfill, ct),
        DataFixStep fix => RunInTransactionThenMarkAsync(version, phase, index, step, transaction =>
        {
            fix.Operation(connection, transaction);
            return Task.CompletedTask;
        }, ct),
        CopyColumnIndexesStep copy => RunThenMarkAsync(version, phase, index, step, () => CopyIndexesAsync(copy, ct), ct),
        _ => throw new InvalidOperationException($"No executor for {step.GetType().Name}."),
    };

    /// <summary>The step's work and its "done" mark in one transaction (so it runs exactly once), retried whole on a lock timeout.</summary>
    private Task RunInTransactionThenMarkAsync(long version, string phase, int index, Step step, Func<NpgsqlTransaction, Task> work, CancellationToken ct) =>
        LockRetry.RunAsync(options, step.Description, async () =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await work(transaction).ConfigureAwait(false);
            options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: true));
            await state.MarkDoneAsync(version, phase, index, step.Description, transaction, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }, ct);

    private async Task RunThenMarkAsync(long version, string phase, int index, Step step, Func<Task> action, CancellationToken ct)
    {
        await state.MarkRunningAsync(version, phase, index, step.Description, ct).ConfigureAwait(false);
        await action().ConfigureAwait(false);
        options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: true));
        await state.MarkDoneAsync(version, phase, index, step.Description, null, ct).ConfigureAwait(false);
    }

    private async Task RunBackfillAsync(long version, string phase, int index, BackfillStep step, CancellationToken ct)
    {
        await state.MarkRunningAsync(version, phase, index, step.Description, ct).ConfigureAwait(false);
        var request = step.Request with
        {
            BatchSize = options.BatchSize,
            TargetBatchDuration = options.BackfillTargetBatchDuration,
            DelayBetweenBatches = options.DelayBetweenBatches,
            LockTimeout = options.LockTimeout,
            MaxLockAttempts = options.MaxLockAttempts,
        };
        var result = await PostgresBackfill.RunAsync(
            connectionString, request, new StepCheckpointStore(connectionString, version, phase, index, step.Description), options.BackfillProgress, ct).ConfigureAwait(false);
        options.Log?.Invoke($"  {result.RowsUpdated} row(s) updated in {result.Batches} batch(es){(result.Resumed ? " (resumed)" : string.Empty)}");
        options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: true));
        await state.MarkDoneAsync(version, phase, index, step.Description, null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// CREATE INDEX CONCURRENTLY, made idempotent: a valid index of that name means done; an invalid one (a build that
    /// failed or was killed) is dropped concurrently first. lock_timeout is lifted for the build: it waits for every
    /// transaction older than itself (a lock wait on their virtual xids) while holding only SHARE UPDATE EXCLUSIVE,
    /// which the app's reads and writes do not conflict with.
    /// </summary>
    private async Task CreateIndexConcurrentlyAsync(string schema, string indexName, string createSql, string what, CancellationToken ct)
    {
        await LockRetry.RunAsync(options, what, async () =>
        {
            var valid = await IndexValidityAsync(schema, indexName, ct).ConfigureAwait(false);
            if (valid is true)
            {
                return;
            }

            if (valid is false)
            {
                await ExecuteAsync($"DROP INDEX CONCURRENTLY IF EXISTS {Quote(schema)}.{Quote(indexName)}", null, ct).ConfigureAwait(false);
            }

            await ExecuteAsync("SET lock_timeout = 0", null, ct).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(createSql, null, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (!LockRetry.IsLockFailure(e))
            {
                // A failed concurrent build (duplicates for a unique index, say) leaves an INVALID index that would
                // still slow every write down: remove it before reporting.
                await ExecuteAsync($"DROP INDEX CONCURRENTLY IF EXISTS {Quote(schema)}.{Quote(indexName)}", null, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            finally
            {
                await ExecuteAsync($"SET lock_timeout = {(long)options.LockTimeout.TotalMilliseconds}", null, CancellationToken.None).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);
    }

    private async Task<bool?> IndexValidityAsync(string schema, string indexName, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relname = @name",
            connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("name", indexName);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as bool?;
    }

    private async Task CopyIndexesAsync(CopyColumnIndexesStep step, CancellationToken ct)
    {
        var indexes = new List<(string Name, bool Unique, string Kind, string Method, string[] Columns, bool Unsupported)>();
        await using (var command = new NpgsqlCommand(ColumnCopySql.ListIndexesOnColumn(step.Schema, step.Table, step.FromColumn), connection))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                indexes.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.GetBoolean(5)));
            }
        }

        foreach (var index in indexes)
        {
            if (index.Unsupported)
            {
                options.Log?.Invoke($"  index {Quote(index.Name)} has expressions or a predicate: not copied; recreate it on {Quote(step.ToColumn)} yourself");
                continue;
            }

            var copyName = SafeMigrateNames.For("ix", step.Schema, step.Table, index.Name, step.ToColumn);
            var columns = string.Join(", ", index.Columns.Select(c => Quote(c == step.FromColumn ? step.ToColumn : c)));
            var sql = $"CREATE {(index.Unique ? "UNIQUE " : string.Empty)}INDEX CONCURRENTLY {Quote(copyName)} ON {Table(step.Schema, step.Table)} USING {index.Method} ({columns})";
            await CreateIndexConcurrentlyAsync(step.Schema, copyName, sql, $"copy of index {index.Name}", ct).ConfigureAwait(false);
            await ExecuteAsync(
                $"COMMENT ON INDEX {Quote(step.Schema)}.{Quote(copyName)} IS {Literal(ColumnCopySql.Note(index.Kind[0], step.FromColumn, index.Name))}", null, ct).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(string sql, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
