using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>A new table: invisible to the old version, so created as is in expand; rollback drops it.</summary>
internal sealed class CreateTableOperation(SqlDialect dialect, string? schema, string table, string createSql) : Operation
{
    public override string Description => $"create table {dialect.Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() => [new SqlStep(Description, createSql)];

    public override IReadOnlyList<Step> Rollback() =>
        [new SqlStep($"drop table {dialect.Table(schema, table)}", $"DROP TABLE IF EXISTS {dialect.Table(schema, table)};") { Removes = dialect.Object(CatalogObjectKind.Table, schema, null, table) }];
}
