namespace SafeMigrate.Bench.Backfill;

/// <summary>One backfill under application writes: its wall time, its batches, and every application UPDATE's duration.</summary>
internal sealed record ContentionRun(TimeSpan Backfill, int Batches, IReadOnlyList<TimeSpan> AppUpdates);

/// <summary>The runs of one way of batching under application writes.</summary>
/// <param name="Target">The target batch duration; null for fixed batches.</param>
internal sealed record ContentionMeasurement(int BatchSize, TimeSpan? Target, IReadOnlyList<ContentionRun> Runs)
{
    public string Label => Target is { } t ? $"adaptive, target {t.TotalMilliseconds:0} ms" : "fixed";

    public TimeSpan MedianBackfill => Runs.Select(r => r.Backfill).Order().ElementAt(Runs.Count / 2);

    public int MedianBatches => Runs.Select(r => r.Batches).Order().ElementAt(Runs.Count / 2);

    public int AppUpdates => Runs.Sum(r => r.AppUpdates.Count);

    /// <summary>A percentile of all the runs' application UPDATEs together (nearest rank).</summary>
    public TimeSpan AppPercentile(double p)
    {
        var all = Runs.SelectMany(r => r.AppUpdates).Order().ToArray();
        return all.Length == 0 ? TimeSpan.Zero : all[Math.Clamp((int)Math.Ceiling(p * all.Length) - 1, 0, all.Length - 1)];
    }

    /// <summary>The longest application UPDATE of each run.</summary>
    public IEnumerable<TimeSpan> LongestPerRun => Runs.Select(r => r.AppUpdates.Count == 0 ? TimeSpan.Zero : r.AppUpdates.Max());
}
