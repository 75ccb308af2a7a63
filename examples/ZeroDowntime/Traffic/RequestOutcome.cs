namespace ZeroDowntime.Traffic;

/// <summary>How one request of a worker ended.</summary>
/// <param name="Failure">Why it failed (an error, a timeout, a wrong read); null when it succeeded.</param>
/// <param name="AppVersion">The app version that answered, when one did.</param>
public sealed record RequestOutcome(string? Failure, bool IsWrite, int? AppVersion);
