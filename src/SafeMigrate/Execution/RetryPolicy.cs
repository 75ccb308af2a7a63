using SafeMigrate.Errors;

namespace SafeMigrate.Execution;

/// <summary>
/// The one retry policy of the engine: a step, a state transaction or a backfill batch that failed on a lock (see
/// <see cref="DatabaseErrors.IsLockFailure"/>) is tried again after a capped exponential backoff with "equal jitter"
/// (half fixed, half random), so that several runners or a busy table do not retry in lockstep, up to
/// <see cref="SafeMigratorOptions.MaxLockAttempts"/> times; then the run gives up with a <see cref="BlockedException"/>
/// (exit 4). The failed work's transaction must be rolled back before the wait, so that nothing queues behind it.
/// </summary>
/// <param name="delay">How the policy waits (tests pass one that does not sleep).</param>
internal sealed class RetryPolicy(SafeMigratorOptions options, Func<Exception, bool> isLockFailure, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    /// <summary>The same backoff for other failures and another number of tries, without log lines (a backfill's batches).</summary>
    public RetryPolicy For(Func<Exception, bool> isRetryable, int maxAttempts) =>
        new(options with { MaxLockAttempts = maxAttempts, Log = null, LockRetrying = null }, isRetryable, _delay);

    public async Task<T> RunAsync<T>(string what, Func<Task<T>> action, CancellationToken ct, Func<int, Exception, Exception>? giveUp = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (Exception e) when (isLockFailure(e))
            {
                if (attempt >= options.MaxLockAttempts)
                {
                    throw giveUp?.Invoke(attempt, e) ?? new BlockedException(
                        $"{what}: a lock was not granted within {options.LockTimeout.TotalMilliseconds:0} ms, {attempt} times (a long transaction holds the table). Try again later; the run resumes where it stopped.", e);
                }

                var wait = Backoff(attempt);
                SafeMigrateTelemetry.RecordRetry(wait);
                options.ReportRetry(new LockRetry(what, attempt + 1, options.MaxLockAttempts, wait));
                await _delay(wait, ct).ConfigureAwait(false);
            }
        }
    }

    public Task RunAsync(string what, Func<Task> action, CancellationToken ct, Func<int, Exception, Exception>? giveUp = null) =>
        RunAsync(what, async () => { await action().ConfigureAwait(false); return true; }, ct, giveUp);

    /// <summary>The wait before try <paramref name="attempt"/> + 1: the base delay doubled per try, capped, then between half and all of it.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }
}
