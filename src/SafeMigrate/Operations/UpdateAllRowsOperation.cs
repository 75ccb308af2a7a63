using SafeMigrate.Backfill;
using SafeMigrate.Planning;

namespace SafeMigrate.Operations;

/// <summary>
/// <c>Update.Table(..).Set(..).AllRows()</c>: one UPDATE of every row would hold its row locks until commit; it runs as
/// a batched, resumable backfill in expand instead, one short transaction per batch.
/// </summary>
public sealed class UpdateAllRowsOperation(BackfillRequest request) : Operation
{
    public override string Description => $"update all rows of \"{request.Schema}\".\"{request.Table}\" set {request.SetClause}";

    public override IReadOnlyList<Step> Expand() => [new BackfillStep(Description + " (batched)", request)];
}
