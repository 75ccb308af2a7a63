using SafeMigrate.Steps;
namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Copies every index on <paramref name="FromColumn"/> (read from the catalog when the step runs, so indexes added
/// by hand are included) onto <paramref name="ToColumn"/>, each built concurrently under a SafeMigrate name and
/// commented with the original's name, which contract gives back once the original is dropped with its column.
/// Indexes with expressions or predicates are skipped and reported.
/// </summary>
internal sealed record CopyColumnIndexesStep(string Description, string Schema, string Relation, string FromColumn, string ToColumn)
    : Step(Description, StepWork.IndexBuild, new TableName(Schema, Relation))
{
    public override string? Sql => null;

    public override bool Transactional => false;
}
