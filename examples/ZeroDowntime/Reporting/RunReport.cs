using ZeroDowntime.Traffic;
using ZeroDowntime.Verification;

namespace ZeroDowntime.Reporting;

/// <summary>One run (SafeMigrate, or plain FluentMigrator) in the report: its totals and its phases.</summary>
/// <param name="LostWrites">Rows whose last acknowledged write is not in the database at the end; null when it could not be checked.</param>
/// <param name="CheckedRows">Rows the traffic wrote, each read back from the database after the run.</param>
/// <param name="DamagedSeedRows">Seed rows changed although no acknowledged write touched them; null when not checked.</param>
/// <param name="Error">Why the run stopped early, if it did.</param>
/// <param name="FinalSchema">The shop's schema at the end, one line per object (see SchemaSnapshot).</param>
public sealed record RunReport(
    string Name,
    int Requests,
    int Failed,
    int? LostWrites,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    int AcknowledgedWrites,
    int CheckedRows,
    long? DamagedSeedRows,
    string? Error,
    IReadOnlyList<string> LostWriteSamples,
    IReadOnlyList<PhaseReport> Phases,
    IReadOnlyList<string> FinalSchema)
{
    public static RunReport From(
        string name, IReadOnlyList<PhaseRecorder> phases, VerificationResult? verification, IReadOnlyList<string> finalSchema, string? error)
    {
        var latencies = phases.SelectMany(phase => phase.Latencies()).Order().ToArray();
        var phaseReports = phases.Select(phase =>
        {
            var statistics = phase.Summarize();
            return new PhaseReport(
                statistics.Name,
                statistics.Seconds,
                statistics.Requests,
                statistics.Failed,
                verification?.LostWritesByPhase.GetValueOrDefault(statistics.Name),
                statistics.P50Ms,
                statistics.P99Ms,
                statistics.MaxMs,
                statistics.AcknowledgedWrites,
                statistics.FailureReasons,
                statistics.ServedBy,
                statistics.Events);
        }).ToList();

        return new RunReport(
            name,
            phaseReports.Sum(phase => phase.Requests),
            phaseReports.Sum(phase => phase.Failed),
            verification?.LostWrites,
            PhaseRecorder.Percentile(latencies, 0.50),
            PhaseRecorder.Percentile(latencies, 0.99),
            latencies.Length == 0 ? 0 : Math.Round(latencies[^1], 1),
            verification?.AcknowledgedWrites ?? phaseReports.Sum(phase => phase.AcknowledgedWrites),
            verification?.CheckedRows ?? 0,
            verification?.DamagedSeedRows,
            error,
            verification?.Samples ?? [],
            phaseReports,
            finalSchema);
    }

    /// <summary>No failed request, no lost write, no damaged row, no error.</summary>
    public bool IsClean => Error is null && Failed == 0 && LostWrites == 0 && DamagedSeedRows == 0;
}
