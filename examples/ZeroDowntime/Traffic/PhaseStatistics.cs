namespace ZeroDowntime.Traffic;

/// <summary>One phase's numbers, as the clients measured them.</summary>
/// <param name="FailureReasons">The most frequent reasons of failed requests, with their counts.</param>
/// <param name="ServedBy">Requests by the app version that answered them ("v1", "v2", "none").</param>
public sealed record PhaseStatistics(
    string Name,
    double Seconds,
    int Requests,
    int Failed,
    int AcknowledgedWrites,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyDictionary<string, int> FailureReasons,
    IReadOnlyDictionary<string, int> ServedBy,
    IReadOnlyList<string> Events);
