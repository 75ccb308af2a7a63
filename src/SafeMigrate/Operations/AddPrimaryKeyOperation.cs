using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A primary key on an existing table. ADD PRIMARY KEY builds an index and sets NOT NULL with a scan, all under ACCESS
/// EXCLUSIVE. Expand builds the unique index concurrently; contract (the old version may still write NULL until then)
/// makes the columns NOT NULL through validated checks and adds <c>PRIMARY KEY USING INDEX</c>, catalog only.
/// </summary>
public sealed class AddPrimaryKeyOperation(string? schema, string table, string name, IReadOnlyList<string> columns) : Operation
{
    public override string Description => $"add primary key {Quote(name)} on {Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() =>
    [
        new ConcurrentIndexStep(
            $"build the unique index {Quote(name)} concurrently",
            SchemaOrDefault(schema),
            name,
            $"CREATE UNIQUE INDEX CONCURRENTLY {Quote(name)} ON {Table(schema, table)} ({string.Join(", ", columns.Select(Quote))})"),
    ];

    public override IReadOnlyList<Step> Contract()
    {
        var steps = columns.SelectMany(column => NotNullSteps.For(schema, table, column)).ToList();
        steps.Add(new SqlStep(
            $"add constraint {Quote(name)} PRIMARY KEY USING INDEX (no scan)",
            $"ALTER TABLE {Table(schema, table)} ADD CONSTRAINT {Quote(name)} PRIMARY KEY USING INDEX {Quote(name)};"));
        return steps;
    }

    public override IReadOnlyList<Step> Rollback() =>
        [new SqlStep($"drop index {Quote(name)}", $"DROP INDEX CONCURRENTLY IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(name)}", Transactional: false)];
}
