using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A unique constraint on an existing table. ADD CONSTRAINT UNIQUE builds its index under a lock that blocks writes;
/// instead the index is built without blocking where the server can (PostgreSQL: concurrently, then
/// <c>UNIQUE USING INDEX</c>; SQL Server Enterprise: <c>ONLINE = ON</c>). Duplicates make it fail before anything is locked.
/// </summary>
internal sealed class AddUniqueConstraintOperation(SqlDialect dialect, string? schema, string table, string name, IReadOnlyList<string> columns) : Operation
{
    public override string Description => $"add unique constraint {dialect.Quote(name)} on {dialect.Table(schema, table)}";

    public override IReadOnlyList<Step> Expand() => dialect.AddUniqueConstraint(schema, table, name, columns);

    public override IReadOnlyList<Step> Rollback() => dialect.UndoUniqueConstraint(schema, table, name);
}
