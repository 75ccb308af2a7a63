using Npgsql;
using SafeMigrate.Errors;
using SafeMigrate.Execution;

namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Retries a step whose statement gave up waiting for a lock (<c>lock_timeout</c>, SQLSTATE 55P03) or lost a deadlock
/// (40P01), with capped exponential backoff and jitter, so that several runners or a busy table do not retry in
/// lockstep. The failed statement's transaction is already rolled back; nothing queues behind a waiting retry.
/// </summary>
public static class LockRetry
{
    public static async Task<T> RunAsync<T>(SafeMigratorOptions options, string what, Func<Task<T>> action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (PostgresException e) when (IsLockFailure(e))
            {
                if (attempt >= options.MaxLockAttempts)
                {
                    throw new BlockedException(
                        $"{what}: a lock was not granted within {options.LockTimeout.TotalMilliseconds:0} ms, {attempt} times (a long transaction holds the table). Try again later; the run resumes where it stopped.", e);
                }

                var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
                var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);
                var jittered = capped * (0.5 + (Random.Shared.NextDouble() / 2));
                options.Log?.Invoke($"  lock not granted ({e.SqlState}), try {attempt + 1}/{options.MaxLockAttempts} in {jittered:0} ms");
                await Task.Delay(TimeSpan.FromMilliseconds(jittered), ct).ConfigureAwait(false);
            }
        }
    }

    public static Task RunAsync(SafeMigratorOptions options, string what, Func<Task> action, CancellationToken ct) =>
        RunAsync(options, what, async () => { await action().ConfigureAwait(false); return true; }, ct);

    public static bool IsLockFailure(PostgresException e) => e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected;
}
