namespace SafeMigrate.Backfill;

/// <summary>
/// The unique key a backfill walks in order: the primary key, or else the narrowest unique index whose columns are all
/// NOT NULL (a NULL would make comparisons unknown and the row would never be reached). Providers read it from their
/// catalog.
/// </summary>
/// <param name="QualifiedTable">The table as the provider writes it in statements and messages.</param>
/// <param name="IndexName">The index whose order the backfill follows.</param>
internal sealed record BackfillKey(string QualifiedTable, string IndexName, IReadOnlyList<BackfillKeyColumn> Columns)
{
    public int Width => Columns.Count;
}
