using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A change that is safe as FluentMigrator writes it, run in expand: anything on an object created in this release
/// (the old version cannot see it), a new schema or sequence, a default change (catalog only).
/// </summary>
/// <param name="removes">What <paramref name="rollbackSql"/> drops, so that rollback keeps it when it existed before expand.</param>
internal sealed class RunAsIsOperation(string description, string sql, string? rollbackSql = null, CatalogObject? removes = null) : Operation
{
    public override string Description => description;

    public override IReadOnlyList<Step> Expand() => [new SqlStep(description, sql)];

    public override IReadOnlyList<Step> Rollback() => rollbackSql is null ? [] : [new SqlStep("undo: " + description, rollbackSql) { Removes = removes }];
}
