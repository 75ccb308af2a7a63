using SafeMigrate.Backfill;
using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// <c>Update.Table(..).Set(..).AllRows()</c>: one UPDATE of every row would hold its row locks until commit (and on
/// SQL Server escalate to a table lock past 5,000 of them); it runs as a batched, resumable backfill in expand
/// instead, one short transaction per batch. Rollback does not restore the values it replaced (they are not kept): the
/// step says so in the plan, and the old version must be able to read the updated rows.
/// </summary>
/// <param name="onNewColumnsOnly">Every column it sets was added in this release: rollback drops them, so nothing is left to restore.</param>
internal sealed class UpdateAllRowsOperation(SqlDialect dialect, BackfillRequest request, bool onNewColumnsOnly = false) : Operation
{
    public override string Description => $"update all rows of {dialect.Table(request.Schema, request.Table)} set {request.SetClause}";

    public override IReadOnlyList<Step> Expand() => [new BackfillStep(Description + (onNewColumnsOnly ? " (batched)" : " (batched; not undone by rollback)"), request)];
}
