namespace SafeMigrate.Bench.Backfill;

/// <summary>Wall-clock times of one method on one table size, one per run.</summary>
/// <param name="Method">"backfill" or "single UPDATE".</param>
/// <param name="BatchSize">The backfill's (maximum) batch size; null for the single UPDATE.</param>
/// <param name="Target">The backfill's target batch duration; null for fixed batches and the single UPDATE.</param>
internal sealed record Measurement(int Rows, string Method, int? BatchSize, IReadOnlyList<TimeSpan> Runs, TimeSpan? Target = null)
{
    public TimeSpan Median
    {
        get
        {
            var sorted = Runs.Order().ToArray();
            return sorted.Length % 2 == 1
                ? sorted[sorted.Length / 2]
                : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public double RowsPerSecond => Rows / Median.TotalSeconds;

    public double MicrosecondsPerRow => Median.TotalMicroseconds / Rows;
}
