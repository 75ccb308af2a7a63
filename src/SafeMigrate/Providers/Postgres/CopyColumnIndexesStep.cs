using SafeMigrate.Steps;
namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Copies every index on <paramref name="FromColumn"/> (read from the catalog when the step runs, so indexes added
/// by hand are included) onto <paramref name="ToColumn"/>, each built concurrently under a SafeMigrate name and
/// commented with the original's name, which contract gives back once the original is dropped with its column.
/// Indexes with expressions or predicates are skipped and reported.
/// </summary>
public sealed record CopyColumnIndexesStep(string Description, string Schema, string Table, string FromColumn, string ToColumn) : Step(Description)
{
    public override string? Sql => null;
}
