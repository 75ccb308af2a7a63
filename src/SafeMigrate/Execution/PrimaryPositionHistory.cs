namespace SafeMigrate.Execution;

/// <summary>
/// Timestamped samples of the primary's log position, so that a replica's lag can be told in time from the position it
/// has replayed: the lag is the age of the oldest sample the replica has not replayed yet, and 0 once it has replayed the
/// latest one. A replica whose replay is paused or stuck keeps the same position, so its oldest unreplayed sample only
/// gets older: its lag grows with the clock, it never stays at a last reported value.
/// </summary>
/// <remarks>
/// The lag is a lower bound, accurate to one sampling interval: the samples are taken before each backfill batch and at
/// each poll of a waiting one. Samples every watched replica has replayed are dropped; the history is capped at
/// <see cref="MaxSamples"/> (the oldest kept sample then stands for all older ones, so the lag still grows).
/// </remarks>
internal sealed class PrimaryPositionHistory
{
    public const int MaxSamples = 10_000;

    private readonly LinkedList<(decimal Position, long Timestamp)> _samples = new();

    public int Count => _samples.Count;

    /// <summary>Records the primary's position at <paramref name="timestamp"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public void Record(decimal position, long timestamp)
    {
        if (_samples.Last is { } last && last.Value.Position >= position)
        {
            // No new WAL since the last sample: that older sample already dates the position.
            return;
        }

        _samples.AddLast((position, timestamp));
        if (_samples.Count > MaxSamples)
        {
            // Keep the oldest (it dates the most lagging replicas); drop the second oldest.
            _samples.Remove(_samples.First!.Next!);
        }
    }

    /// <summary>How far behind a replica that has replayed up to <paramref name="replayed"/> is at <paramref name="now"/>.</summary>
    public TimeSpan LagOf(decimal replayed, long now)
    {
        foreach (var (position, timestamp) in _samples)
        {
            if (position > replayed)
            {
                var lag = TimeSpan.FromSeconds((now - timestamp) / (double)System.Diagnostics.Stopwatch.Frequency);
                return lag > TimeSpan.Zero ? lag : TimeSpan.Zero;
            }
        }

        return TimeSpan.Zero;
    }

    /// <summary>Drops the samples that every replica has replayed (positions up to <paramref name="replayedByAll"/>), keeping the latest.</summary>
    public void DropReplayed(decimal replayedByAll)
    {
        while (_samples.First is { } first && first != _samples.Last && first.Value.Position <= replayedByAll)
        {
            _samples.RemoveFirst();
        }
    }
}
