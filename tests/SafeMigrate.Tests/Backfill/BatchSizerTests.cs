using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using Xunit;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Execution;

namespace SafeMigrate.Tests.Backfill;

/// <summary>The batch size rule alone, with made-up durations.</summary>
public class BatchSizerTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(1000, 10)]
    [InlineData(4, 4)]
    public void FirstBatch_AtMostInitialSize(int max, int expected)
    {
        Assert.Equal(expected, new BatchSizer(max, Target).Size);
    }

    [Fact]
    public void NoTarget_AlwaysTheMaximum()
    {
        var sizer = new BatchSizer(1000, null);
        sizer.Record(TimeSpan.FromSeconds(5));
        Assert.Equal(1000, sizer.Size);
    }

    [Fact]
    public void SlightlyTooSlow_Halved()
    {
        var sizer = new BatchSizer(1000, Target, initialSize: 100);
        sizer.Record(TimeSpan.FromMilliseconds(101));
        Assert.Equal(49, sizer.Size);
    }

    [Fact]
    public void FarTooSlow_CutInProportionToHalfTheTarget()
    {
        var sizer = new BatchSizer(1000, Target, initialSize: 100);
        // 100 rows in 1 s: 10 ms a row; half the target is 5 rows, but never below the floor.
        sizer.Record(TimeSpan.FromMilliseconds(400));
        Assert.Equal(12, sizer.Size);
        sizer.Record(TimeSpan.FromSeconds(1));
        Assert.Equal(BatchSizer.Floor, sizer.Size);
        sizer.Record(TimeSpan.FromSeconds(1));
        Assert.Equal(BatchSizer.Floor, sizer.Size);
    }

    [Fact]
    public void Fast_GrowsOneAndAHalfTimesUpToTheMaximum()
    {
        var sizer = new BatchSizer(500, Target, initialSize: 100);
        var sizes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            sizer.Record(TimeSpan.FromMilliseconds(10));
            sizes.Add(sizer.Size);
        }

        Assert.Equal([150, 225, 338, 500, 500, 500], sizes);
    }

    [Fact]
    public void SlowStart_TwelveFastBatchesFromTenToAThousand()
    {
        var sizer = new BatchSizer(1000, Target);
        var sizes = new List<int> { sizer.Size };
        while (sizer.Size < 1000)
        {
            sizer.Record(TimeSpan.FromMilliseconds(5));
            sizes.Add(sizer.Size);
        }

        Assert.Equal([10, 15, 23, 35, 53, 80, 120, 180, 270, 405, 608, 912, 1000], sizes);
    }

    [Fact]
    public void NearTheTarget_Kept()
    {
        var sizer = new BatchSizer(1000, Target, initialSize: 100);
        sizer.Record(TimeSpan.FromMilliseconds(51));
        sizer.Record(TimeSpan.FromMilliseconds(100));
        Assert.Equal(100, sizer.Size);
    }

    [Fact]
    public void FloorNeverAboveTheMaximum()
    {
        var sizer = new BatchSizer(3, Target);
        sizer.Record(TimeSpan.FromSeconds(1));
        Assert.Equal(3, sizer.Size);
    }

    [Theory]
    [InlineData(2000, 100, 100)]
    [InlineData(150, 100, 75)]
    public void EffectiveTarget_AtMostHalfTheLockTimeout(int lockTimeoutMs, int targetMs, int expectedMs)
    {
        var request = new BackfillRequest("public", "t", "a = 1", null, 1000, TimeSpan.Zero, TimeSpan.FromMilliseconds(lockTimeoutMs))
        {
            TargetBatchDuration = TimeSpan.FromMilliseconds(targetMs),
        };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), BackfillDriver.EffectiveTarget(request));
    }

    [Fact]
    public void DefaultRequest_Adaptive()
    {
        var request = new BackfillRequest("public", "t", "a = 1", null, 1000, TimeSpan.Zero);
        Assert.Equal(BackfillRequest.DefaultTargetBatchDuration, BackfillDriver.EffectiveTarget(request));
    }

    [Fact]
    public async Task ZeroTarget_InvalidInput()
    {
        var request = new BackfillRequest("public", "t", "a = 1", null, 1000, TimeSpan.Zero) { TargetBatchDuration = TimeSpan.Zero };
        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            PostgresBackfill.RunAsync("Host=localhost", request, PostgresBackfill.Checkpoints(1, "expand", 1), null, CancellationToken.None));
        Assert.Contains("target batch duration", error.Message);
    }
}
