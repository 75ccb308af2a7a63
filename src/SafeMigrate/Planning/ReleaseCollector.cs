using SafeMigrate.Loading;
namespace SafeMigrate.Planning;

/// <summary>
/// Collects the expressions of a release's migrations in version order, each against the schema as the earlier ones
/// leave it, so a migration's <c>Schema.Table(..).Exists()</c> gets the answer plain FluentMigrator would give when it
/// runs. Only the migrations given are collected: the caller passes the pending ones.
/// </summary>
internal static class ReleaseCollector
{
    public static IReadOnlyList<MigrationUnit> Collect(IReadOnlyList<MigrationUnit> release, SchemaModel schema) =>
        Collect(release, schema, new Dictionary<long, IReadOnlyDictionary<string, bool>>(), out _);

    /// <param name="recorded">The answers a migration got when its expand began, by version: it gets them again.</param>
    /// <param name="answers">The answers each migration got now, by version, to be recorded when its expand begins.</param>
    public static IReadOnlyList<MigrationUnit> Collect(
        IReadOnlyList<MigrationUnit> release,
        SchemaModel schema,
        IReadOnlyDictionary<long, IReadOnlyDictionary<string, bool>> recorded,
        out IReadOnlyDictionary<long, IReadOnlyDictionary<string, bool>> answers)
    {
        var collected = new List<MigrationUnit>();
        var given = new Dictionary<long, IReadOnlyDictionary<string, bool>>();
        foreach (var unit in release.OrderBy(m => m.Version))
        {
            var queries = new RecordedSchemaQueries(schema, recorded.GetValueOrDefault(unit.Version));
            var expressions = unit.CollectAgainst(queries);
            schema.Apply(unit.Version, expressions);
            collected.Add(unit.With(expressions));
            given[unit.Version] = queries.Answers;
        }

        answers = given;
        return collected;
    }
}
