using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A renamed table. Expand renames it and, in the same short transaction (the strongest table lock for a moment, no
/// scan), keeps the old name working for the old version: an updatable view on PostgreSQL, a synonym on SQL Server.
/// Contract drops what stands under the old name.
/// </summary>
internal sealed class RenameTableOperation(SqlDialect dialect, string? schema, string oldName, string newName) : Operation
{
    public override string Description => $"rename table {dialect.Table(schema, oldName)} to {dialect.Quote(newName)}";

    public override IReadOnlyList<Step> Expand() => [dialect.RenameTableKeepingOldName(Description, schema, oldName, newName)];

    public override IReadOnlyList<Step> Contract() => [dialect.DropOldTableName(schema, oldName)];

    /// <summary>Guarded by the new name: had a table of that name existed before expand, expand's rename failed and there is nothing to undo.</summary>
    public override IReadOnlyList<Step> Rollback() => [dialect.UndoRenameTable(schema, oldName, newName) with { Removes = dialect.Object(CatalogObjectKind.Table, schema, null, newName) }];
}
