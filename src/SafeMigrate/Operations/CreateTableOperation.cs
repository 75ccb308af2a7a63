using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>A new table: invisible to the old version, so created as is in expand; rollback drops it.</summary>
public sealed class CreateTableOperation(string? schema, string table, string createSql) : Operation
{
    public override string Description => $"create table {Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() => [new SqlStep(Description, createSql)];

    public override IReadOnlyList<Step> Rollback() =>
        [new SqlStep($"drop table {Table(schema, table)}", $"DROP TABLE IF EXISTS {Table(schema, table)};")];
}
