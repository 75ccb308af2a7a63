using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// Rows inserted (or a data change with a WHERE clause) as FluentMigrator writes them, in expand: short, and both
/// versions see the rows. Rollback does not delete them: on a table created in this release they go with the table.
/// </summary>
internal sealed class InsertDataOperation(string description, string sql) : Operation
{
    public override string Description => description;

    public override IReadOnlyList<Step> Expand() => [new SqlStep(description, sql)];
}
