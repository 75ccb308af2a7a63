using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A renamed table. Expand renames it and, in the same short transaction (ACCESS EXCLUSIVE for a moment, no scan),
/// creates a view under the old name: a single-table <c>SELECT *</c> view is automatically updatable, so the old
/// version's reads and writes go on through it (omitted columns take the table's defaults). Contract drops the view.
/// </summary>
public sealed class RenameTableOperation(string? schema, string oldName, string newName) : Operation
{
    public override string Description => $"rename table {Table(schema, oldName)} to {Quote(newName)}";

    public override IReadOnlyList<Step> Expand() =>
    [
        new SqlStep(
            Description + $", keeping {Quote(oldName)} as an updatable view",
            $"ALTER TABLE {Table(schema, oldName)} RENAME TO {Quote(newName)};\nCREATE VIEW {Table(schema, oldName)} AS SELECT * FROM {Table(schema, newName)};"),
    ];

    public override IReadOnlyList<Step> Contract() =>
        [new SqlStep($"drop the compatibility view {Table(schema, oldName)}", $"DROP VIEW IF EXISTS {Table(schema, oldName)};")];

    public override IReadOnlyList<Step> Rollback() =>
    [
        new SqlStep(
            $"drop the view {Table(schema, oldName)} and rename {Quote(newName)} back",
            $"""
            DO $sm$
            BEGIN
              IF EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass({Literal(Table(schema, newName))}) AND relkind IN ('r', 'p')) THEN
                DROP VIEW IF EXISTS {Table(schema, oldName)};
                ALTER TABLE {Table(schema, newName)} RENAME TO {Quote(oldName)};
              END IF;
            END
            $sm$;
            """),
    ];
}
