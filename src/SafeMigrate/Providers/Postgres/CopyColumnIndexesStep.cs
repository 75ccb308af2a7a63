using SafeMigrate.Steps;
namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Copies every index and CHECK constraint that uses <paramref name="FromColumn"/> (read from the catalog when the step
/// runs, so those added by hand are included) onto <paramref name="ToColumn"/>: each index built concurrently, each check
/// added NOT VALID and then validated, under a SafeMigrate name and commented with the original's name, which contract
/// gives back once the original is dropped with its column. The definitions are PostgreSQL's own, rewritten for the new
/// column by <see cref="ColumnCopyProbe"/>: expressions, predicates, order, collation, operator class and INCLUDE kept.
/// </summary>
/// <param name="Retyped">The new column is the shadow of a type change (its indexes are rebuilt for the new type, as ALTER COLUMN … TYPE would).</param>
internal sealed record CopyColumnIndexesStep(string Description, string Schema, string Relation, string FromColumn, string ToColumn, bool Retyped)
    : Step(Description, StepWork.IndexBuild, new TableName(Schema, Relation))
{
    public override string? Sql => null;

    public override bool Transactional => false;
}
