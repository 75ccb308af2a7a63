using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A foreign key on an existing table. A validating ADD CONSTRAINT scans the table under a lock that blocks writes
/// (PostgreSQL SHARE ROW EXCLUSIVE on both tables, SQL Server Sch-M). Added without validation (<c>NOT VALID</c>,
/// <c>WITH NOCHECK</c>) it only checks new writes; existing rows are validated where the server lets writes go on.
/// </summary>
internal sealed class AddForeignKeyOperation(SqlDialect dialect, string? schema, string table, string name, string addSql) : Operation
{
    public override string Description => $"add foreign key {dialect.Quote(name)} on {dialect.Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() => dialect.AddForeignKey(schema, table, name, addSql);

    public override IReadOnlyList<Step> Rollback() =>
        [dialect.DropConstraintIfExists($"drop foreign key {dialect.Quote(name)}", schema, table, name) with { Removes = dialect.Object(CatalogObjectKind.Constraint, schema, table, name) }];
}
