using SafeMigrate.Backfill;
using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A column whose type changes. An in-place type change rewrites the table and its indexes under the strongest lock
/// (PostgreSQL unless binary-coercible; SQL Server unless online on Enterprise/Azure), so expand adds a shadow column
/// of the new type kept equal by a converting trigger, fills it in batches and copies the column's indexes (with its
/// CHECK constraints on PostgreSQL) and single-column foreign keys; contract swaps the names in one short transaction
/// and then runs FluentMigrator's own ALTER COLUMN, now a no-op on the type, for nullability. Where the server alters the type online, contract does only that.
/// </summary>
/// <param name="addShadowSql">ADD COLUMN of the shadow with the new type.</param>
/// <param name="alterSql">FluentMigrator's ALTER COLUMN statement of the migration.</param>
/// <param name="why">Why this recipe (the old type survives the overlap, or: offline, the live catalog decides), shown in the plan.</param>
/// <param name="conversion">The author's conversion expression (<c>Execute.ConvertColumn</c>'s USING), or null for the server's assignment cast.</param>
internal sealed class ChangeColumnTypeOperation(
    SqlDialect dialect, string? schema, string table, string column, string newType, string addShadowSql, string alterSql, bool notNull, int batchSize, TimeSpan delay, string? why = null, string? conversion = null) : Operation
{
    private string Why => why is null ? string.Empty : $" ({why})";

    private string Shadow => dialect.ShadowColumn(schema, table, column);

    private string Trigger => dialect.SyncTrigger(schema, table, Shadow);

    private Step? InPlace => dialect.ChangeColumnTypeInPlace(Description + " (online, in place)" + Why, schema, table, column, alterSql);

    public override string Description => $"change the type of {dialect.Table(schema, table)}.{dialect.Quote(column)} to {newType}{(conversion is null ? string.Empty : $" USING {conversion}")}";

    public override IReadOnlyList<Step> Expand()
    {
        if (InPlace is not null)
        {
            return [];
        }

        var q = dialect.Quote;
        var steps = new List<Step> { new SqlStep($"add shadow column {q(Shadow)} of type {newType}{Why}", addShadowSql) };
        steps.AddRange(dialect.SyncOneWay(schema, table, column, Shadow, Trigger, conversion));
        steps.Add(new BackfillStep(
            $"convert {q(column)} into {q(Shadow)} for existing rows, in batches",
            new BackfillRequest(dialect.SchemaOrDefault(schema), table, dialect.ConvertingBackfillSetClause(column, Shadow), $"{q(Shadow)} IS NULL AND {q(column)} IS NOT NULL", batchSize, delay)));
        steps.Add(dialect.CopyColumnIndexes($"copy the indexes of {q(column)} onto the shadow column", schema, table, column, Shadow, retyped: true));
        // The original's foreign keys go with it at contract; a plain ALTER COLUMN … TYPE keeps them.
        steps.AddRange(dialect.CopyForeignKeys(schema, table, column, Shadow));
        return steps;
    }

    public override IReadOnlyList<Step> Contract()
    {
        if (InPlace is { } inPlace)
        {
            return [inPlace];
        }

        var steps = new List<Step>(dialect.SwapShadowColumn(schema, table, column, Shadow, Trigger, alterSql, notNull))
        {
            dialect.RestoreOriginalNames($"give the copied indexes and constraints of {dialect.Quote(column)} their original names", schema, table, column),
        };
        return steps;
    }

    public override IReadOnlyList<Step> Rollback() =>
        InPlace is not null
            ? []
            :
            [
                dialect.DropSyncTrigger("drop the converting trigger", schema, table, Trigger) with { Removes = dialect.Object(CatalogObjectKind.Trigger, schema, table, Trigger) },
                dialect.DropColumnIfExists("drop the shadow column", schema, table, Shadow) with { Removes = dialect.Object(CatalogObjectKind.Column, schema, table, Shadow) },
            ];
}
