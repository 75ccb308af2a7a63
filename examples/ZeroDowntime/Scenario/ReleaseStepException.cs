namespace ZeroDowntime.Scenario;

/// <summary>A migration step of a release failed; the run stops, and its report says why.</summary>
public sealed class ReleaseStepException(string message, Exception inner) : Exception(message, inner);
