namespace SafeMigrate.Execution;

/// <summary>
/// A lock not granted within the lock timeout: the work is rolled back and tried again after <paramref name="Delay"/>
/// (<see cref="SafeMigratorOptions.LockRetrying"/>).
/// </summary>
/// <param name="What">The step or state transaction that waited.</param>
/// <param name="NextAttempt">The try about to come, from 2.</param>
/// <param name="MaxAttempts">After this many, the run gives up (exit 4).</param>
/// <param name="Delay">The backoff before the next try.</param>
public sealed record LockRetry(string What, int NextAttempt, int MaxAttempts, TimeSpan Delay);
