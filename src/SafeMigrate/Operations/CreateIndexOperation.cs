using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A new index, built without blocking writes where the server can (PostgreSQL <c>CONCURRENTLY</c>, SQL Server
/// <c>ONLINE = ON</c> on Enterprise/Azure), outside any transaction. Rollback drops it.
/// </summary>
/// <param name="createSql">FluentMigrator's CREATE INDEX.</param>
internal sealed class CreateIndexOperation(SqlDialect dialect, string? schema, string table, string indexName, string createSql) : Operation
{
    public override string Description => $"create index {dialect.Quote(indexName)} on {dialect.Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() => [dialect.CreateIndex(schema, table, indexName, createSql)];

    public override IReadOnlyList<Step> Rollback() =>
        [dialect.DropIndex($"drop index {dialect.Quote(indexName)}", schema, table, indexName) with { Removes = dialect.Object(CatalogObjectKind.Index, schema, table, indexName) }];
}
