using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// Rows inserted (or a data change with a WHERE clause) as FluentMigrator writes them, in expand: short, and both
/// versions see the rows. On a table created in this release the rows go with the table at rollback. An insert into an
/// existing table is undone by <paramref name="rollbackSql"/> when its rows can be identified (every row gives a
/// primary or unique key): a DELETE of exactly those rows, each still as inserted, that runs only when the insert
/// committed. Otherwise rollback leaves the rows, and the description says so.
/// </summary>
/// <param name="rollbackSql">The DELETE of the inserted rows, or null when rollback leaves them.</param>
internal sealed class InsertDataOperation(string description, string sql, string? rollbackSql = null) : Operation
{
    public override string Description => description;

    public override IReadOnlyList<Step> Expand() => [new SqlStep(description, sql)];

    public override IReadOnlyList<Step> Rollback() =>
        rollbackSql is null ? [] : [new SqlStep($"delete the rows the release inserted, those still as inserted ({description})", rollbackSql)];
}
