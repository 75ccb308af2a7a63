using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A dropped column: the old version still reads and writes it, so it is dropped in contract. In expand a NOT NULL
/// column without default becomes nullable, so that the new version's inserts, which omit it, succeed. Rollback makes
/// it NOT NULL again when it was before the expand; if rows written since hold NULL there, the rollback stops at that
/// step with their count, changing no row (see <see cref="SqlDialect.RestoreNotNull"/>).
/// </summary>
/// <param name="dropSql">The contract statement (on SQL Server it first drops the column's default, indexes and statistics).</param>
internal sealed class DropColumnOperation(SqlDialect dialect, string? schema, string table, string column, string dropSql) : Operation
{
    public override string Description => $"drop column {dialect.Table(schema, table)}.{dialect.Quote(column)}";

    public override IReadOnlyList<Step> Expand() =>
        [dialect.DropNotNullIfNoDefault($"make {dialect.Quote(column)} nullable if it is NOT NULL without default (inserts of the new version omit it)", schema, table, column)];

    public override IReadOnlyList<Step> Contract() => [new SqlStep(Description, dropSql)];

    public override IReadOnlyList<Step> Rollback() =>
        dialect.RestoreNotNull(schema, table, column).Select(s => s with { RequiresNotNullBefore = dialect.Object(CatalogObjectKind.Column, schema, table, column) }).ToList();
}
