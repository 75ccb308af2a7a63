using SafeMigrate.Backfill;

namespace SafeMigrate.Steps;

/// <summary>
/// A batched, resumable <c>UPDATE</c> over the rows that existed when it started, one short transaction per batch,
/// its checkpoint stored with each batch. The batch size and pause in the request are replaced by the run's options.
/// </summary>
public sealed record BackfillStep(string Description, BackfillRequest Request) : Step(Description, StepWork.Backfill, new TableName(Request.Schema, Request.Table))
{
    public override string? Sql => null;

    public override bool Transactional => false;
}
