using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// <c>Alter.Column</c> that keeps the type and loosens it (nullable, other default): catalog-only, and the new
/// version's inserts may need it, so it runs in expand. Old readers that cannot handle NULL are the author's call.
/// </summary>
internal sealed class DropNotNullOperation(SqlDialect dialect, string? schema, string table, string column, string alterSql) : Operation
{
    public override string Description => $"alter column {dialect.Table(schema, table)}.{dialect.Quote(column)} (same type: nullability/default only)";

    public override IReadOnlyList<Step> Expand() => [new SqlStep(Description, alterSql)];
}
