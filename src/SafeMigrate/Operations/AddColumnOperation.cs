using SafeMigrate.Backfill;
using SafeMigrate.Dialects.Postgres;
using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>
/// A new column on an existing table. Nullable or with a constant default it is added as is (PostgreSQL 11+ stores a
/// constant default in the catalog: no rewrite). With a volatile default (<c>gen_random_uuid()</c>, <c>clock_timestamp()</c>)
/// adding it would rewrite the table under ACCESS EXCLUSIVE, so it is added without default, the default is set
/// afterwards (new rows only) and existing rows are filled in batches. A NOT NULL column is added nullable and made
/// NOT NULL in contract through a validated check, after the rows the old version wrote meanwhile are filled.
/// </summary>
/// <param name="addSql">The ADD COLUMN statement run in expand.</param>
/// <param name="defaultExpression">A volatile default to set after the column exists, or null.</param>
/// <param name="fill">A backfill of existing rows in expand, or null.</param>
/// <param name="notNullInContract">Whether the author asked for NOT NULL, which then happens in contract.</param>
public sealed class AddColumnOperation(
    string? schema,
    string table,
    string column,
    string addSql,
    string? defaultExpression,
    BackfillRequest? fill,
    bool notNullInContract) : Operation
{
    public override string Description => $"add column {Table(schema, table)}.{Quote(column)}";

    public override IReadOnlyList<Step> Expand()
    {
        var steps = new List<Step> { new SqlStep(Description + (notNullInContract ? " (nullable until contract)" : string.Empty), addSql) };
        if (defaultExpression is not null)
        {
            steps.Add(new SqlStep(
                $"set the volatile default of {Quote(column)} (new rows only: no rewrite)",
                $"ALTER TABLE {Table(schema, table)} ALTER COLUMN {Quote(column)} SET DEFAULT {defaultExpression};"));
        }

        if (fill is not null)
        {
            steps.Add(new BackfillStep($"fill {Quote(column)} of existing rows in batches ({fill.SetClause})", fill));
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
            steps.Add(new BackfillStep($"fill {Quote(column)} of rows written during the overlap", fill with { Predicate = $"{Quote(column)} IS NULL" }));
        }

        steps.AddRange(NotNullSteps.For(schema, table, column));
        return steps;
    }

    public override IReadOnlyList<Step> Rollback() =>
        [new SqlStep($"drop column {Quote(column)}", $"ALTER TABLE IF EXISTS {Table(schema, table)} DROP COLUMN IF EXISTS {Quote(column)};")];
}
