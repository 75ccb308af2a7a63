using SafeMigrate.Backfill;

namespace SafeMigrate.Tests.Backfill;

/// <summary>
/// Calls back on the backfill's own thread, in order (<see cref="Progress{T}"/> posts to the thread pool, so a test
/// that cancels from the callback could not tell which batch it stopped after).
/// </summary>
internal sealed class SynchronousProgress(Action<BackfillProgress> onReport) : IProgress<BackfillProgress>
{
    public List<BackfillProgress> Reports { get; } = [];

    public void Report(BackfillProgress value)
    {
        Reports.Add(value);
        onReport(value);
    }
}
