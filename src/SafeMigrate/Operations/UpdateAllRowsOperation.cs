using SafeMigrate.Backfill;
using SafeMigrate.Dialects;
using SafeMigrate.Planning;

namespace SafeMigrate.Operations;

/// <summary>
/// <c>Update.Table(..).Set(..).AllRows()</c>: one UPDATE of every row would hold its row locks until commit (and on
/// SQL Server escalate to a table lock past 5,000 of them); it runs as a batched, resumable backfill in expand
/// instead, one short transaction per batch.
/// </summary>
public sealed class UpdateAllRowsOperation(SqlDialect dialect, BackfillRequest request) : Operation
{
    public override string Description => $"update all rows of {dialect.Table(request.Schema, request.Table)} set {request.SetClause}";

    public override IReadOnlyList<Step> Expand() => [new BackfillStep(Description + " (batched)", request)];
}
