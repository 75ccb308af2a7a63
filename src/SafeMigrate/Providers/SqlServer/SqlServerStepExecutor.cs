using System.Data.Common;
using SafeMigrate.Errors;
using SafeMigrate.Planning;
using SafeMigrate.Execution;
using SafeMigrate.Steps;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// Runs the steps of one migration's phase on SQL Server, skipping those recorded as done, with PostgreSQL's rules
/// (one transaction per transactional step, committed with its "done" mark; non-transactional steps are idempotent
/// and marked after they ran) and SQL Server's: every session has <c>SET LOCK_TIMEOUT</c>, and error 1222 does not
/// roll the transaction back, so the executor rolls back itself before it waits and retries; resumable index
/// builds run outside any explicit transaction.
/// </summary>
/// <param name="isLockFailure">Which errors are lock timeouts or deadlocks (SqlClient's 1222 and 1205 by default).</param>
/// <param name="delay">How the executor waits between tries (a test passes one that does not sleep).</param>
public sealed class SqlServerStepExecutor(
    DbConnection connection,
    SqlServerStepStateStore state,
    SafeMigratorOptions options,
    Func<Exception, bool>? isLockFailure = null,
    Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private readonly Func<Exception, bool> _isLockFailure = isLockFailure ?? SqlServerErrors.IsLockFailure;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    /// <summary>The session settings of every SafeMigrate connection: no app query waits longer than LOCK_TIMEOUT behind one of our statements.</summary>
    public static string SessionSettingsSql(TimeSpan lockTimeout) =>
        $"SET LOCK_TIMEOUT {(long)lockTimeout.TotalMilliseconds}; SET XACT_ABORT OFF; SET DEADLOCK_PRIORITY LOW;";

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
            catch (DbException e) when (!_isLockFailure(e))
            {
                throw new DatabaseFailureException(
                    $"Migration {version}, {phase} step {index + 1} ({step.Description}) failed: {e.Message}. Fix the cause and run the same command again: it resumes at this step.", e);
            }
        }
    }

    private Task RunStepAsync(long version, string phase, int index, Step step, CancellationToken ct) => step switch
    {
        SqlStep { Transactional: true } sql => RunInTransactionThenMarkAsync(version, phase, index, step, transaction => ExecuteAsync(sql.Statement, transaction, ct), ct),
        SqlStep sql => RunThenMarkAsync(version, phase, index, step, () => WithRetryAsync(step.Description, () => ExecuteAsync(sql.Statement, null, ct), ct), ct),
        DataFixStep fix => RunInTransactionThenMarkAsync(version, phase, index, step, transaction =>
        {
            fix.Operation(connection, transaction);
            return Task.CompletedTask;
        }, ct),
        BackfillStep backfill => RunThenMarkAsync(version, phase, index, step, () => new SqlServerBackfill(connection, state, options, _isLockFailure, _delay)
            .RunAsync(version, phase, index, backfill, ct), ct),
        _ => throw new InvalidOperationException($"No SQL Server executor for {step.GetType().Name}: the SQL Server dialect does not plan it."),
    };

    /// <summary>The step's work and its "done" mark in one transaction, retried whole on a lock timeout.</summary>
    private Task RunInTransactionThenMarkAsync(long version, string phase, int index, Step step, Func<DbTransaction, Task> work, CancellationToken ct) =>
        WithRetryAsync(step.Description, async () =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            try
            {
                await work(transaction).ConfigureAwait(false);
                options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: true));
                await state.MarkDoneAsync(version, phase, index, step.Description, transaction, ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (_isLockFailure(e))
            {
                // 1222 leaves the transaction open (only the statement was cancelled): roll back so no lock is
                // kept while waiting, then retry the whole step.
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }, ct);

    private async Task RunThenMarkAsync(long version, string phase, int index, Step step, Func<Task> action, CancellationToken ct)
    {
        await state.MarkRunningAsync(version, phase, index, step.Description, ct).ConfigureAwait(false);
        await action().ConfigureAwait(false);
        options.InjectFault?.Invoke(new StepFaultPoint(version, phase, index, AfterWork: true));
        await state.MarkDoneAsync(version, phase, index, step.Description, null, ct).ConfigureAwait(false);
    }

    /// <summary>Capped exponential backoff with jitter, as on PostgreSQL; gives up with <see cref="BlockedException"/> (exit 4).</summary>
    internal async Task WithRetryAsync(string what, Func<Task> action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (_isLockFailure(e))
            {
                if (attempt >= options.MaxLockAttempts)
                {
                    throw new BlockedException(
                        $"{what}: a lock was not granted within {options.LockTimeout.TotalMilliseconds:0} ms, {attempt} times (a long transaction holds the table). Try again later; the run resumes where it stopped.", e);
                }

                var capped = Math.Min(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), options.RetryMaxDelay.TotalMilliseconds);
                var jittered = capped * (0.5 + (Random.Shared.NextDouble() / 2));
                options.Log?.Invoke($"  lock not granted, try {attempt + 1}/{options.MaxLockAttempts} in {jittered:0} ms");
                await _delay(TimeSpan.FromMilliseconds(jittered), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task ExecuteAsync(string sql, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
