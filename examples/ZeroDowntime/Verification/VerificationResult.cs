namespace ZeroDowntime.Verification;

/// <summary>What the database held at the end of a run, against what the clients were told.</summary>
/// <param name="CheckedRows">Rows the traffic wrote (or tried to), each checked against its last acknowledged write.</param>
/// <param name="AcknowledgedWrites">Writes the shop acknowledged during the run.</param>
/// <param name="LostWrites">Rows whose last acknowledged write is missing or holds other values.</param>
/// <param name="LostWritesByPhase">Lost writes by the phase in which they were acknowledged.</param>
/// <param name="DamagedSeedRows">Seed rows that no acknowledged write changed, yet no longer hold their seed values (or are gone).</param>
/// <param name="Samples">The first few differences, described.</param>
public sealed record VerificationResult(
    int CheckedRows,
    int AcknowledgedWrites,
    int LostWrites,
    IReadOnlyDictionary<string, int> LostWritesByPhase,
    long DamagedSeedRows,
    IReadOnlyList<string> Samples);
