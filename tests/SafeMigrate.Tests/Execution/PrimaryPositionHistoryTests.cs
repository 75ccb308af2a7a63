using System.Diagnostics;
using SafeMigrate.Execution;
using Xunit;

namespace SafeMigrate.Tests.Execution;

/// <summary>How a replica's lag is told in time from the primary's sampled positions (no database: the arithmetic alone).</summary>
public sealed class PrimaryPositionHistoryTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void AReplicaThatStopsReplaying_LagsMoreAndMore()
    {
        var history = new PrimaryPositionHistory();
        history.Record(100, 0);
        history.Record(200, 1 * Second);
        history.Record(300, 2 * Second);

        // Stuck at 150: the sample at 200, written at 1 s, is the oldest it has not replayed.
        Assert.Equal(TimeSpan.FromSeconds(1), history.LagOf(150, 2 * Second));
        Assert.Equal(TimeSpan.FromSeconds(9), history.LagOf(150, 10 * Second));
    }

    [Fact]
    public void AReplicaThatReplayedTheLatestSample_HasNoLag_AndTheReplayedSamplesAreDropped()
    {
        var history = new PrimaryPositionHistory();
        history.Record(100, 0);
        history.Record(200, 1 * Second);
        history.Record(200, 5 * Second);

        Assert.Equal(TimeSpan.Zero, history.LagOf(200, 9 * Second));
        history.DropReplayed(200);
        Assert.Equal(1, history.Count);
        // The same position sampled later keeps the earlier time: the WAL at 200 was written by 1 s.
        Assert.Equal(TimeSpan.FromSeconds(8), history.LagOf(150, 9 * Second));
    }

    [Fact]
    public void AFullHistory_KeepsItsOldestSample_SoTheLagStillGrows()
    {
        var history = new PrimaryPositionHistory();
        for (var i = 1; i <= PrimaryPositionHistory.MaxSamples + 50; i++)
        {
            history.Record(i, i * Second);
        }

        Assert.Equal(PrimaryPositionHistory.MaxSamples, history.Count);
        Assert.Equal(TimeSpan.FromSeconds(PrimaryPositionHistory.MaxSamples + 100 - 1), history.LagOf(0, (PrimaryPositionHistory.MaxSamples + 100) * Second));
    }
}
