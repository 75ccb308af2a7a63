using SafeMigrate.Backfill;
using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// <c>Alter.Column(..).NotNullable()</c> on an existing column: the old version may still write NULL, and a plain
/// SET NOT NULL scans the table under ACCESS EXCLUSIVE. Nothing happens in expand; contract first fills the NULLs
/// when the release gave a value (<c>SetExistingRowsTo</c>, an all-rows update), then check NOT VALID → VALIDATE →
/// FluentMigrator's ALTER COLUMN (SET NOT NULL proved by the check) → drop the check.
/// </summary>
public sealed class SetNotNullOperation(string? schema, string table, string column, string alterSql, BackfillRequest? fillNulls) : Operation
{
    public override string Description => $"set {Table(schema, table)}.{Quote(column)} NOT NULL";

    public override IReadOnlyList<Step> Contract()
    {
        var steps = new List<Step>();
        if (fillNulls is not null)
        {
            steps.Add(new BackfillStep($"fill {Quote(column)} where the old version left it NULL", fillNulls with { Predicate = $"{Quote(column)} IS NULL" }));
        }

        steps.AddRange(NotNullSteps.For(schema, table, column, alterSql));
        return steps;
    }
}
