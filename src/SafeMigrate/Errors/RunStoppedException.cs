using System.Globalization;

namespace SafeMigrate.Errors;

/// <summary>
/// A run stopped because its cancellation token was cancelled (in the CLI: SIGTERM or Ctrl-C), at a point it can resume
/// from: between steps, after a backfill batch had committed with its checkpoint, or in a step whose statement the
/// server cancelled (it runs again on resume). It is an <see cref="OperationCanceledException"/>, so a caller that
/// handles cancellation needs nothing new; it adds where the run stopped.
/// </summary>
public sealed class RunStoppedException : OperationCanceledException
{
    private RunStoppedException(
        long version, string phase, int stepNumber, int stepCount, string stepDescription, bool stepStarted, long? rowsDone, long? rowsTotal,
        Exception? innerException, CancellationToken token)
        : base(null, innerException, token)
    {
        Version = version;
        Phase = phase;
        StepNumber = stepNumber;
        StepCount = stepCount;
        StepDescription = stepDescription;
        StepStarted = stepStarted;
        RowsDone = rowsDone;
        RowsTotal = rowsTotal;
    }

    /// <summary>The migration being run when the run stopped.</summary>
    public long Version { get; }

    /// <summary><c>expand</c>, <c>contract</c> or <c>rollback</c>.</summary>
    public string Phase { get; }

    /// <summary>The step (1-based) the run stopped in, or before.</summary>
    public int StepNumber { get; }

    /// <summary>The number of steps of the migration's phase.</summary>
    public int StepCount { get; }

    public string StepDescription { get; }

    /// <summary>True when the step had started (its statement was cancelled, or its backfill stopped between batches); false when the run stopped before it.</summary>
    public bool StepStarted { get; }

    /// <summary>A backfill's rows done so far, checkpointed (earlier runs included); null for any other step.</summary>
    public long? RowsDone { get; }

    /// <summary>The backfill's rows in all, as estimated by the server's statistics; null when unknown.</summary>
    public long? RowsTotal { get; }

    /// <summary>Where the run stopped, e.g. <c>in migration 2, expand step 3/6 (copy …), after 1,200 of about 3,000 rows (the last batch committed)</c>.</summary>
    public string Position
    {
        get
        {
            var step = $"migration {Version}, {Phase} step {StepNumber}/{StepCount} ({StepDescription})";
            if (!StepStarted)
            {
                return "before " + step;
            }

            if (RowsDone is { } done)
            {
                var total = RowsTotal is { } all ? $" of about {Rows(all)}" : string.Empty;
                return $"in {step}, after {Rows(done)}{total} rows (the last batch committed)";
            }

            // A statement the server was running (an index build, a validation, a transactional step) or a wait for a
            // lock retry: cancelled, its transaction rolled back, nothing of the step marked done.
            return $"in {step}, which was cancelled and runs again on resume";
        }
    }

    public override string Message => $"Stopped on request {Position}; run the same command again to resume.";

    internal static RunStoppedException Before(long version, string phase, int index, int count, string description, CancellationToken token) =>
        new(version, phase, index + 1, count, description, stepStarted: false, null, null, null, token);

    /// <param name="rowsDone">A backfill's checkpointed rows (null for any other step).</param>
    internal static RunStoppedException During(
        long version, string phase, int index, int count, string description, long? rowsDone, long? rowsTotal, Exception cause, CancellationToken token) =>
        new(version, phase, index + 1, count, description, stepStarted: true, rowsDone, rowsTotal, cause, token);

    private static string Rows(long rows) => rows.ToString("N0", CultureInfo.InvariantCulture);
}
