using SafeMigrate.Catalog;

namespace SafeMigrate.Execution;

/// <summary>
/// Compares the catalog before and after expand from the old version's point of view: every table, view and column it
/// could use must still be there, with the same type, and no column may have become NOT NULL (validated or, on
/// PostgreSQL 18, NOT VALID: both reject new NULLs). The only type changes allowed are the catalog-only widenings the
/// plan made on purpose (<see cref="Planning.ReleasePlan.ColumnsRetypedInPlace"/>).
/// </summary>
internal static class ExpandSelfCheck
{
    /// <param name="retypedInPlace">Columns the plan widened in place, with their new type.</param>
    public static IReadOnlyList<string> FindBreakingChanges(CatalogSnapshot before, CatalogSnapshot after, IReadOnlyCollection<CatalogColumn>? retypedInPlace = null)
    {
        var widened = (retypedInPlace ?? []).Select(c => (c.Schema, c.Table, c.Column, c.Type)).ToHashSet();
        var problems = new List<string>();
        foreach (var relation in before.Relations.Where(r => !after.HasRelation(r.Schema, r.Table)))
        {
            problems.Add($"\"{relation.Schema}\".\"{relation.Table}\" was removed or renamed");
        }

        foreach (var column in before.Columns.Where(c => after.HasRelation(c.Schema, c.Table)))
        {
            var now = after.Find(column.Schema, column.Table, column.Column);
            var name = $"\"{column.Schema}\".\"{column.Table}\".\"{column.Column}\"";
            if (now is null)
            {
                problems.Add($"{name} was removed or renamed");
            }
            else if (now.Type != column.Type && !widened.Contains((now.Schema, now.Table, now.Column, now.Type)))
            {
                problems.Add($"{name} changed type from {column.Type} to {now.Type}");
            }
            else if (now.RejectsNull && !column.RejectsNull)
            {
                // A NOT VALID NOT NULL (PostgreSQL 18) already rejects the old version's NULL writes.
                problems.Add(now.NotNull ? $"{name} became NOT NULL" : $"{name} became NOT NULL (NOT VALID: new rows are checked)");
            }
        }

        return problems;
    }
}
