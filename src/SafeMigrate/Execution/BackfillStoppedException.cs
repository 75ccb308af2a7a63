namespace SafeMigrate.Execution;

/// <summary>
/// A backfill stopped on request between batches, with its checkpointed progress (earlier runs included); the step
/// runner turns it into a <see cref="Errors.RunStoppedException"/> that also names the step.
/// </summary>
internal sealed class BackfillStoppedException(long rowsDone, long? rowsTotal, Exception? innerException, CancellationToken token)
    : OperationCanceledException(null, innerException, token)
{
    public long RowsDone { get; } = rowsDone;

    public long? RowsTotal { get; } = rowsTotal;
}
