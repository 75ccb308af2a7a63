using SafeMigrate.Backfill;
using SafeMigrate.Dialects.Postgres;
using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A renamed column of an existing table. The old version keeps using the old name until contract, so expand adds
/// the new column, a two-way sync trigger, copies of the column's indexes and foreign keys, and fills existing rows
/// in batches. Contract hands the old column's default, sequences and NOT NULL to the new one, drops the trigger and
/// the old column, and gives the copies the original names.
/// </summary>
/// <param name="addNewColumnSql">ADD COLUMN of the new name with the old column's type (read from the catalog when planning, or from the migration).</param>
public sealed class RenameColumnOperation(string? schema, string table, string oldColumn, string newColumn, string addNewColumnSql, int batchSize, TimeSpan delay) : Operation
{
    private string Trigger => SafeMigrateNames.SyncTrigger(schema, table, newColumn);

    public override string Description => $"rename column {Table(schema, table)}.{Quote(oldColumn)} to {Quote(newColumn)}";

    public override IReadOnlyList<Step> Expand() =>
    [
        new SqlStep($"add column {Quote(newColumn)} (nullable, same type as {Quote(oldColumn)})", addNewColumnSql),
        new SqlStep($"two-way sync trigger between {Quote(oldColumn)} and {Quote(newColumn)}", SyncTriggerSql.CreateTwoWay(schema, table, oldColumn, newColumn, Trigger)),
        new BackfillStep(
            $"copy {Quote(oldColumn)} into {Quote(newColumn)} for existing rows, in batches",
            new BackfillRequest(SchemaOrDefault(schema), table, $"{Quote(newColumn)} = {Quote(oldColumn)}", $"{Quote(newColumn)} IS DISTINCT FROM {Quote(oldColumn)}", batchSize, delay)),
        new CopyColumnIndexesStep($"copy the indexes of {Quote(oldColumn)} onto {Quote(newColumn)} (concurrently)", SchemaOrDefault(schema), table, oldColumn, newColumn),
        new SqlStep($"copy the foreign keys of {Quote(oldColumn)} onto {Quote(newColumn)} (NOT VALID)", ColumnCopySql.CopyForeignKeys(schema, table, oldColumn, newColumn)),
        new SqlStep($"validate the copied foreign keys of {Quote(newColumn)}", ColumnCopySql.ValidateCopiedForeignKeys(schema, table, oldColumn)),
    ];

    public override IReadOnlyList<Step> Contract()
    {
        var oldNotNull = $"(SELECT attnotnull FROM pg_attribute WHERE attrelid = {RegClass(schema, table)} AND attname = {Literal(oldColumn)} AND NOT attisdropped) IS TRUE";
        var steps = new List<Step>(NotNullSteps.For(schema, table, newColumn, onlyIf: oldNotNull))
        {
            new SqlStep($"move default and sequences to {Quote(newColumn)}, drop the trigger and {Quote(oldColumn)}", ColumnCopySql.ReplaceOldColumn(schema, table, oldColumn, newColumn, Trigger)),
            new SqlStep($"give the copied indexes and constraints of {Quote(newColumn)} their original names", ColumnCopySql.RestoreOriginalNames(schema, table, oldColumn)),
        };
        return steps;
    }

    public override IReadOnlyList<Step> Rollback() =>
    [
        new SqlStep($"drop the sync trigger of {Quote(newColumn)}", SyncTriggerSql.Drop(schema, table, Trigger)),
        new SqlStep($"drop column {Quote(newColumn)} (with its copied indexes and keys)", $"ALTER TABLE IF EXISTS {Table(schema, table)} DROP COLUMN IF EXISTS {Quote(newColumn)};"),
    ];
}
