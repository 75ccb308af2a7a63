namespace ZeroDowntime.Traffic;

/// <summary>
/// What one row must hold, as far as its (only) worker knows: the values of the last acknowledged write,
/// and those of writes attempted since that failed (a failed request may still have been applied, so they
/// are accepted too, but never required).
/// </summary>
public sealed class RowExpectation<T>(long id, T values, string? acknowledgedInPhase)
    where T : class
{
    private readonly List<T> _unconfirmed = [];

    public long Id { get; } = id;

    /// <summary>The last acknowledged values (the seed values if no write to this row was acknowledged).</summary>
    public T Values { get; private set; } = values;

    /// <summary>The phase in which the last write to this row was acknowledged; null for a seed row no write was acknowledged for.</summary>
    public string? AcknowledgedInPhase { get; private set; } = acknowledgedInPhase;

    public int AcknowledgedWrites { get; private set; } = acknowledgedInPhase is null ? 0 : 1;

    public void Acknowledge(T values, string phase)
    {
        Values = values;
        AcknowledgedInPhase = phase;
        AcknowledgedWrites++;
        _unconfirmed.Clear();
    }

    public void AttemptFailed(T values) => _unconfirmed.Add(values);

    /// <summary>Whether <paramref name="actual"/> is what the row may hold, by <paramref name="same"/>.</summary>
    public bool Allows(T actual, Func<T, T, bool> same) =>
        same(Values, actual) || _unconfirmed.Any(candidate => same(candidate, actual));
}
