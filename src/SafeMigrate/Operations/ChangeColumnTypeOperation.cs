using SafeMigrate.Backfill;
using SafeMigrate.Dialects.Postgres;
using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A column whose type changes. <c>ALTER COLUMN … TYPE</c> rewrites the table and its indexes under ACCESS EXCLUSIVE
/// (unless binary-coercible), so expand adds a shadow column of the new type kept equal by a converting trigger,
/// fills it in batches and copies the column's indexes; contract swaps the names in one short transaction and then
/// runs FluentMigrator's own ALTER COLUMN, now a no-op on the type (no rewrite), for nullability and default.
/// </summary>
/// <param name="addShadowSql">ADD COLUMN of the shadow with the new type.</param>
/// <param name="alterSql">FluentMigrator's ALTER COLUMN statement of the migration.</param>
public sealed class ChangeColumnTypeOperation(
    string? schema, string table, string column, string newType, string addShadowSql, string alterSql, bool notNull, int batchSize, TimeSpan delay) : Operation
{
    private string Shadow => SafeMigrateNames.ShadowColumn(schema, table, column);

    private string Trigger => SafeMigrateNames.SyncTrigger(schema, table, Shadow);

    public override string Description => $"change the type of {Table(schema, table)}.{Quote(column)} to {newType}";

    public override IReadOnlyList<Step> Expand() =>
    [
        new SqlStep($"add shadow column {Quote(Shadow)} of type {newType}", addShadowSql),
        new SqlStep($"converting sync trigger {Quote(column)} → {Quote(Shadow)}", SyncTriggerSql.CreateOneWay(schema, table, column, Shadow, Trigger)),
        new BackfillStep(
            $"convert {Quote(column)} into {Quote(Shadow)} for existing rows, in batches",
            // Touching the column fires the trigger, which writes the converted value into the shadow.
            new BackfillRequest(SchemaOrDefault(schema), table, $"{Quote(column)} = {Quote(column)}", $"{Quote(Shadow)} IS NULL AND {Quote(column)} IS NOT NULL", batchSize, delay)),
        new CopyColumnIndexesStep($"copy the indexes of {Quote(column)} onto the shadow column (concurrently)", SchemaOrDefault(schema), table, column, Shadow),
    ];

    public override IReadOnlyList<Step> Contract()
    {
        var steps = new List<Step>();
        var check = SafeMigrateNames.NotNullCheck(schema, table, Shadow);
        if (notNull)
        {
            steps.Add(new SqlStep($"add CHECK NOT NULL NOT VALID on the shadow column", NotNullSql.AddCheck(schema, table, Shadow, check)));
            steps.Add(new SqlStep($"validate the NOT NULL check of the shadow column (writes go on)", NotNullSql.Validate(schema, table, check)));
        }

        steps.Add(new SqlStep(
            $"swap {Quote(column)} and its shadow, then {alterSql.TrimEnd(';')} (no rewrite)",
            ColumnCopySql.SwapShadowColumn(schema, table, column, Shadow, Trigger) + "\n" + alterSql.TrimEnd(';') + ";\n" + NotNullSql.DropCheck(schema, table, check)));
        steps.Add(new SqlStep($"give the copied indexes of {Quote(column)} their original names", ColumnCopySql.RestoreOriginalNames(schema, table, column)));
        return steps;
    }

    public override IReadOnlyList<Step> Rollback() =>
    [
        new SqlStep("drop the converting trigger", SyncTriggerSql.Drop(schema, table, Trigger)),
        new SqlStep("drop the shadow column", $"ALTER TABLE IF EXISTS {Table(schema, table)} DROP COLUMN IF EXISTS {Quote(Shadow)};"),
    ];
}
