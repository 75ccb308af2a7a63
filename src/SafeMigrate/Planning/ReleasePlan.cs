using SafeMigrate.Errors;
using SafeMigrate.Catalog;

namespace SafeMigrate.Planning;

/// <summary>The plan of a release: its pending migrations in version order, and what could not be made safe.</summary>
public sealed record ReleasePlan(IReadOnlyList<PlannedMigration> Migrations, IReadOnlyList<Refusal> Refusals)
{
    public bool IsRefused => Refusals.Count > 0;

    /// <summary>
    /// Columns whose type expand changes in place (a catalog-only widening), each with its new type: the expand
    /// self-check accepts exactly these type changes.
    /// </summary>
    internal IReadOnlyList<CatalogColumn> ColumnsRetypedInPlace { get; init; } = [];

    /// <exception cref="RefusedException">At least one refusal; the message lists them all.</exception>
    public void ThrowIfRefused()
    {
        if (IsRefused)
        {
            throw new RefusedException(
                "SafeMigrate cannot make this release safe:" + Environment.NewLine +
                string.Join(Environment.NewLine, Refusals.Select(r => "- " + r)));
        }
    }
}
