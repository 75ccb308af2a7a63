using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A unique constraint on an existing table. ADD CONSTRAINT UNIQUE builds its index under ACCESS EXCLUSIVE; instead the
/// unique index is built concurrently in expand (duplicates make it fail before anything is locked), and
/// <c>ADD CONSTRAINT … UNIQUE USING INDEX</c> turns it into the constraint in a catalog-only step.
/// </summary>
public sealed class AddUniqueConstraintOperation(string? schema, string table, string name, IReadOnlyList<string> columns) : Operation
{
    public override string Description => $"add unique constraint {Quote(name)} on {Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() =>
    [
        new ConcurrentIndexStep(
            $"build the unique index {Quote(name)} concurrently",
            SchemaOrDefault(schema),
            name,
            $"CREATE UNIQUE INDEX CONCURRENTLY {Quote(name)} ON {Table(schema, table)} ({string.Join(", ", columns.Select(Quote))})"),
        new SqlStep(
            $"add constraint {Quote(name)} UNIQUE USING INDEX (no scan)",
            $"ALTER TABLE {Table(schema, table)} ADD CONSTRAINT {Quote(name)} UNIQUE USING INDEX {Quote(name)};"),
    ];

    public override IReadOnlyList<Step> Rollback() =>
    [
        new SqlStep($"drop constraint {Quote(name)}", $"ALTER TABLE IF EXISTS {Table(schema, table)} DROP CONSTRAINT IF EXISTS {Quote(name)};"),
        new SqlStep($"drop index {Quote(name)}", $"DROP INDEX CONCURRENTLY IF EXISTS {Quote(SchemaOrDefault(schema))}.{Quote(name)}", Transactional: false),
    ];
}
