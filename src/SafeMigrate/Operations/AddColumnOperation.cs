using FluentMigrator.Expressions;
using FluentMigrator.Model;
using SafeMigrate.Rules;
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
    /// <summary>
    /// The variant for <c>Create.Column</c> on an existing table, or its refusal: an identity or primary-key column
    /// (a table rewrite under ACCESS EXCLUSIVE) and a NOT NULL column without default (the old version's inserts would
    /// fail) are refused; a nullable column or a constant default the server stores without touching rows is added as
    /// is; any other default is added without touching rows and existing rows are filled in batches.
    /// </summary>
    public static OperationChoice Choose(SqlDialect dialect, CreateColumnExpression e, int batchSize, TimeSpan delay)
    {
        var column = e.Column;
        var sql = dialect.FluentMigrator;
        var what = $"Create.Column(\"{column.Name}\").OnTable(\"{e.TableName}\")";
        if (column.IsIdentity || column.IsPrimaryKey)
        {
            return OperationChoice.Refuse(column.IsIdentity ? RuleIds.IdentityColumnOnExistingTable : RuleIds.UniqueOrPrimaryKeyOnExistingTable, what,
                "an identity or primary-key column on an existing table rewrites it under ACCESS EXCLUSIVE.",
                "Add a nullable column with a sequence default in one migration, backfill it with Update.Table(..).AllRows(), then make it the key with Create.PrimaryKey in a later one.");
        }

        var notNull = column.IsNullable != true;
        var hasDefault = column.DefaultValue is not (null or ColumnDefinition.UndefinedDefaultValue);
        if (notNull && !hasDefault)
        {
            return OperationChoice.Refuse(RuleIds.NotNullColumnWithoutDefault, what,
                "a NOT NULL column with no default and no value for existing rows fails on a non-empty table, and the old version's inserts, which omit it, would fail.",
                "Give it a default (.WithDefaultValue(...)), or a value for existing rows (.SetExistingRowsTo(...)), or make it nullable.");
        }

        var addSql = sql.Generate(e);
        var volatileDefault = hasDefault && dialect.IsVolatileDefault(column.DefaultValue);
        if (!hasDefault || (!volatileDefault && (!notNull || dialect.AddsNotNullColumnWithConstantDefaultInPlace)))
        {
            // Nullable, or a constant default the server stores without touching rows (PostgreSQL 11+, SQL Server
            // Enterprise): old inserts get the default.
            return OperationChoice.Of(new AddColumnOperation(dialect, e.SchemaName, e.TableName, column.Name, addSql, null, null, false));
        }

        var defaultExpression = sql.DefaultExpression(e.SchemaName, e.TableName, column)!;
        var fill = new BackfillRequest(
            dialect.SchemaOrDefault(e.SchemaName), e.TableName, $"{dialect.Quote(column.Name)} = {dialect.BackfillValueOfDefault(defaultExpression)}", $"{dialect.Quote(column.Name)} IS NULL", batchSize, delay);
        if (!volatileDefault)
        {
            // A constant default the server would write into every row (SQL Server Standard): the column is added
            // nullable with its default (metadata only, new rows get it), existing rows are filled in batches.
            return OperationChoice.Of(new AddColumnOperation(
                dialect, e.SchemaName, e.TableName, column.Name, sql.AddNullableColumn(e.SchemaName, e.TableName, column, column.Name, keepDefault: true), null, fill, notNull));
        }

        return OperationChoice.Of(new AddColumnOperation(
            dialect, e.SchemaName, e.TableName, column.Name, sql.AddNullableColumn(e.SchemaName, e.TableName, column, column.Name), defaultExpression, fill, notNull));
    }

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
