using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>A dropped table: the old version still uses it, so it goes in contract.</summary>
internal sealed class DropTableOperation(SqlDialect dialect, string? schema, string table, string dropSql) : Operation
{
    public override string Description => $"drop table {dialect.Table(schema, table)}";

    public override IReadOnlyList<Step> Contract() => [new SqlStep(Description, dropSql)];
}
