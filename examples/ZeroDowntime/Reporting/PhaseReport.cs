namespace ZeroDowntime.Reporting;

/// <summary>One phase of a run in the report.</summary>
/// <param name="LostWrites">Acknowledged writes of this phase missing from the database at the end (null when it could not be checked).</param>
/// <param name="FailureReasons">The most frequent reasons of this phase's failed requests, with their counts.</param>
/// <param name="ServedBy">Requests by the app version that answered them ("v1", "v2", "none" for no answer from an app).</param>
/// <param name="Events">What the phase did and how long it took (the migration, the switch, the stop of v1).</param>
public sealed record PhaseReport(
    string Name,
    double Seconds,
    int Requests,
    int Failed,
    int? LostWrites,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    int AcknowledgedWrites,
    IReadOnlyDictionary<string, int> FailureReasons,
    IReadOnlyDictionary<string, int> ServedBy,
    IReadOnlyList<string> Events);
