using SafeMigrate.Backfill;
using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A new column on an existing table. Nullable, or with a constant default where the server stores it without
/// touching rows (PostgreSQL 11+, SQL Server Enterprise), it is added as is. With a volatile default
/// (<c>gen_random_uuid()</c>, <c>NEWID()</c>) adding it would write every row under the strongest table lock, so it
/// is added without default, the default is set afterwards (new rows only) and existing rows are filled in batches.
/// A NOT NULL column is added nullable and made NOT NULL in contract, after the rows the old version wrote meanwhile
/// are filled.
/// </summary>
/// <param name="addSql">The ADD COLUMN statement run in expand.</param>
/// <param name="defaultExpression">A volatile default to set after the column exists, or null.</param>
/// <param name="fill">A backfill of existing rows in expand, or null.</param>
/// <param name="notNullInContract">Whether the author asked for NOT NULL, which then happens in contract.</param>
internal sealed class AddColumnOperation(
    SqlDialect dialect,
    string? schema,
    string table,
    string column,
    string addSql,
    string? defaultExpression,
    BackfillRequest? fill,
    bool notNullInContract) : Operation
{
    public override string Description => $"add column {dialect.Table(schema, table)}.{dialect.Quote(column)}";

    public override IReadOnlyList<Step> Expand()
    {
        var steps = new List<Step> { new SqlStep(Description + (notNullInContract ? " (nullable until contract)" : string.Empty), addSql) };
        if (defaultExpression is not null)
        {
            steps.Add(dialect.SetDefault(schema, table, column, defaultExpression));
        }

        if (fill is not null)
        {
            steps.Add(new BackfillStep($"fill {dialect.Quote(column)} of existing rows in batches ({fill.SetClause})", fill));
        }

        return steps;
    }

    public override IReadOnlyList<Step> Contract()
    {
        if (!notNullInContract)
        {
            return [];
        }

        var steps = new List<Step>();
        if (fill is not null)
        {
            // Rows the old version inserted during the overlap omitted the column.
            steps.Add(new BackfillStep($"fill {dialect.Quote(column)} of rows written during the overlap", fill with { Predicate = $"{dialect.Quote(column)} IS NULL" }));
        }

        steps.AddRange(dialect.SetNotNull(schema, table, column));
        return steps;
    }

    public override IReadOnlyList<Step> Rollback() =>
        [dialect.DropColumnIfExists($"drop column {dialect.Quote(column)}", schema, table, column) with { Removes = dialect.Object(CatalogObjectKind.Column, schema, table, column) }];
}
