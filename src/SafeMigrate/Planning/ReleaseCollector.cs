namespace SafeMigrate.Planning;

/// <summary>
/// Collects the expressions of a release's migrations in version order, each against the schema as the earlier ones
/// leave it, so a migration's <c>Schema.Table(..).Exists()</c> gets the answer plain FluentMigrator would give when it
/// runs. Only the migrations given are collected: the caller passes the pending ones.
/// </summary>
public static class ReleaseCollector
{
    public static IReadOnlyList<MigrationUnit> Collect(IReadOnlyList<MigrationUnit> release, SchemaModel schema)
    {
        var collected = new List<MigrationUnit>();
        foreach (var unit in release.OrderBy(m => m.Version))
        {
            var expressions = unit.CollectAgainst(schema);
            schema.Apply(unit.Version, expressions);
            collected.Add(unit.With(expressions));
        }

        return collected;
    }
}
