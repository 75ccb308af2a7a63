namespace SafeMigrate.Backfill;

/// <summary>
/// Chooses the size of each backfill batch so that a batch lasts about a target duration.
/// </summary>
/// <remarks>
/// A batch's UPDATE takes a row lock on every row it changes and holds them all until the batch's transaction commits,
/// so an application UPDATE of one of those rows waits for up to the whole batch. A fixed row count gives no bound on
/// that wait: the same 1,000 rows take 5 ms on an idle server and over a second on a loaded one or under a slow
/// trigger. The sizer bounds the duration instead:
/// <list type="bullet">
/// <item>A batch slower than the target: the next one is cut in proportion, to the size that would have taken half the
/// target (so at least halved), never below <see cref="Floor"/>. Proportional, because a batch ten times too slow
/// should not need four more too-slow batches to halve its way down.</item>
/// <item>A batch that took at most half the target: the next one is 1.5× larger, up to the configured maximum. If the
/// cost per row holds, that one takes at most three quarters of the target: growth never overshoots by itself, only a
/// change in the server's load does, and the next batch then corrects it.</item>
/// <item>In between: the size is kept, so that noise around the target does not make the size oscillate.</item>
/// </list>
/// The first batch has <see cref="InitialSize"/> rows (a slow start): nothing is known about the cost per row yet, and
/// a first batch of 100 rows was measured holding its locks for 0.4-0.5 s at 4 ms a row. When rows are fast, growing
/// from 10 to 1,000 rows takes 12 batches, a few milliseconds in all.
/// </remarks>
internal sealed class BatchSizer
{
    /// <summary>The smallest batch when batches are too slow: below it, the per-batch round trips and commit dominate.</summary>
    public const int Floor = 10;

    public const int InitialSize = Floor;

    private const double Growth = 1.5;

    private readonly int _max;
    private readonly int _floor;
    private readonly TimeSpan? _target;

    /// <param name="maxSize">The configured batch size: never exceeded.</param>
    /// <param name="target">The target duration of a batch; null: every batch has <paramref name="maxSize"/> rows.</param>
    /// <param name="initialSize">The first batch's size when there is a target (capped at <paramref name="maxSize"/>).</param>
    public BatchSizer(int maxSize, TimeSpan? target, int initialSize = InitialSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialSize, 1);
        _max = maxSize;
        _target = target;
        _floor = Math.Min(Floor, maxSize);
        Size = target is null ? maxSize : Math.Min(initialSize, maxSize);
    }

    /// <summary>The number of rows the next batch asks for.</summary>
    public int Size { get; private set; }

    /// <summary>Adapts <see cref="Size"/> after a committed batch of <see cref="Size"/> rows that took <paramref name="duration"/>
    /// from its BEGIN to its COMMIT (the time its row locks were held).</summary>
    public void Record(TimeSpan duration)
    {
        if (_target is not { } target)
        {
            return;
        }

        if (duration > target)
        {
            var cut = Size * (target.TotalMilliseconds / (2 * duration.TotalMilliseconds));
            Size = Math.Max(_floor, (int)cut);
        }
        else if (duration <= target / 2)
        {
            Size = Math.Min(_max, Math.Max(Size + 1, (int)Math.Ceiling(Size * Growth)));
        }
    }
}
