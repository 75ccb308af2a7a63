using SafeMigrate.Catalog;
using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A new index under the name of one the release drops (<c>Delete.Index("ix")</c> or <c>Execute.Sql("DROP INDEX IF
/// EXISTS ix")</c>, then <c>Create.Index("ix")</c>: real code rebuilds an index this way). The drop waits for contract,
/// so building under that name in expand would either be skipped (an index of that name exists) or be dropped by the
/// drop at contract. Expand builds it under a name of its own, without blocking writes; contract, after the drop (an
/// earlier operation, so an earlier contract step), gives it the name. Rollback drops it.
/// </summary>
/// <param name="createSql">FluentMigrator's CREATE INDEX, naming <paramref name="buildName"/>.</param>
internal sealed class RebuildIndexOperation(SqlDialect dialect, string? schema, string table, string indexName, string buildName, string createSql) : Operation
{
    public override string Description => $"create index {dialect.Quote(indexName)} on {dialect.Table(schema, table)} in place of the one dropped";

    public override IReadOnlyList<Step> Expand() => [dialect.CreateIndex(schema, table, buildName, createSql)];

    public override IReadOnlyList<Step> Contract() =>
        [dialect.RenameIndex($"rename index {dialect.Quote(buildName)} to {dialect.Quote(indexName)} (the dropped one is gone)", schema, table, buildName, indexName)];

    public override IReadOnlyList<Step> Rollback() =>
        [dialect.DropIndex($"drop index {dialect.Quote(buildName)}", schema, table, buildName) with { Removes = dialect.Object(CatalogObjectKind.Index, schema, table, buildName) }];
}
