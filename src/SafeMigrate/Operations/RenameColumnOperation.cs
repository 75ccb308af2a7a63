using SafeMigrate.Backfill;
using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A renamed column of an existing table. The old version keeps using the old name until contract, so expand adds
/// the new column, a two-way sync trigger, copies of the column's indexes and foreign keys, and fills existing rows
/// in batches. Contract makes the new column NOT NULL when the old one was, hands it the old column's default (and,
/// on PostgreSQL, its sequences), drops the trigger and the old column, and gives the copies the original names.
/// </summary>
internal sealed class RenameColumnOperation(SqlDialect dialect, string? schema, string table, string oldColumn, string newColumn, int batchSize, TimeSpan delay) : Operation
{
    private string Trigger => dialect.SyncTrigger(schema, table, newColumn);

    public override string Description => $"rename column {dialect.Table(schema, table)}.{dialect.Quote(oldColumn)} to {dialect.Quote(newColumn)}";

    public override IReadOnlyList<Step> Expand()
    {
        var q = dialect.Quote;
        var steps = new List<Step> { new SqlStep($"add column {q(newColumn)} (nullable, same type as {q(oldColumn)})", dialect.AddColumnOfSameType(schema, table, oldColumn, newColumn)) };
        steps.AddRange(dialect.SyncTwoWay(schema, table, oldColumn, newColumn, Trigger));
        steps.Add(new BackfillStep(
            $"copy {q(oldColumn)} into {q(newColumn)} for existing rows, in batches",
            new BackfillRequest(dialect.SchemaOrDefault(schema), table, $"{q(newColumn)} = {q(oldColumn)}", dialect.IsDistinct(q(newColumn), q(oldColumn)), batchSize, delay)));
        steps.Add(dialect.CopyColumnIndexes($"copy the indexes of {q(oldColumn)} onto {q(newColumn)}", schema, table, oldColumn, newColumn, retyped: false));
        steps.AddRange(dialect.CopyForeignKeys(schema, table, oldColumn, newColumn));
        return steps;
    }

    public override IReadOnlyList<Step> Contract()
    {
        var q = dialect.Quote;
        var steps = new List<Step>(dialect.SetNotNull(schema, table, newColumn, onlyIfNotNull: oldColumn))
        {
            dialect.ReplaceOldColumn($"move the default to {q(newColumn)}, drop the trigger and {q(oldColumn)}", schema, table, oldColumn, newColumn, Trigger),
            dialect.RestoreOriginalNames($"give the copied indexes and constraints of {q(newColumn)} their original names", schema, table, oldColumn),
        };
        return steps;
    }

    public override IReadOnlyList<Step> Rollback() =>
    [
        dialect.DropSyncTrigger($"drop the sync trigger of {dialect.Quote(newColumn)}", schema, table, Trigger) with { Removes = dialect.Object(CatalogObjectKind.Trigger, schema, table, Trigger) },
        dialect.DropColumnIfExists($"drop column {dialect.Quote(newColumn)} (with its copied indexes and keys)", schema, table, newColumn) with { Removes = dialect.Object(CatalogObjectKind.Column, schema, table, newColumn) },
    ];
}
