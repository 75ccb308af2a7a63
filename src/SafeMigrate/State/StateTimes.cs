namespace SafeMigrate.State;

/// <summary>The times SafeMigrate keeps in its state tables, read back the same way from either provider.</summary>
internal static class StateTimes
{
    /// <summary>PostgreSQL's timestamptz reads as a UTC DateTime, SQL Server's datetime2 (written as UTC) as an unspecified one.</summary>
    public static DateTimeOffset AsUtc(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"A time in SafeMigrate's state read as {value.GetType().Name}."),
    };

    /// <summary>A nullable time column: null for SQL NULL.</summary>
    public static DateTimeOffset? AsUtcOrNull(object value) => value is DBNull ? null : AsUtc(value);
}
