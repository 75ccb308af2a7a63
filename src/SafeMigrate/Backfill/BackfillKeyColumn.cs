namespace SafeMigrate.Backfill;

/// <summary>One column of the key a backfill walks.</summary>
/// <param name="Name">The column's name, unquoted.</param>
/// <param name="Type">Its SQL type as <c>format_type</c> spells it; key values travel as text and are cast back to it.</param>
/// <param name="Collation">
/// The index's collation when it differs from the column's (qualified and quoted), else null. Comparisons must use the
/// index's collation, or the index cannot serve them.
/// </param>
internal sealed record BackfillKeyColumn(string Name, string Type, string? Collation);
