namespace SafeMigrate.Execution;

/// <summary>
/// A run that waits before its next backfill batch or step, holding no lock: reported when the wait begins and again
/// when the run goes on (<see cref="SafeMigratorOptions.Waiting"/>).
/// </summary>
/// <param name="Reason"><c>paused</c> (<c>dotnet safe-migrate pause</c>), <c>load</c> (the throttle query) or <c>replica-lag</c>.</param>
/// <param name="Why">One phrase: who paused and why, which replica is how far behind.</param>
/// <param name="Waited">Null when the wait begins; how long it lasted when the run goes on.</param>
public sealed record RunWait(string Reason, string Why, TimeSpan? Waited);
