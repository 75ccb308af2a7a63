using SafeMigrate.Backfill;
using SafeMigrate.Execution;

namespace SafeMigrate.Cli.Reporting;

/// <summary>
/// Where expand, contract and rollback report as they run: always stderr (stdout stays for data). With
/// <c>--log-format json</c>, one JSON event per line; else on a terminal outside CI, a live view of the current step
/// with a progress bar; otherwise plain timestamped lines.
/// </summary>
internal abstract class RunReporter : IProgress<BackfillProgress>, IDisposable
{
    public static RunReporter Create(CommandContext context) =>
        RunOptions.IsJsonLog(context.ParseResult)
            ? new JsonRunReporter(context.Error, TimeProvider.System)
            : ConsoleStyle.IsTerminalError(context.Error) && !ConsoleStyle.InCi
            ? new TerminalRunReporter(context.Error, ConsoleStyle.ForError(context.Error), context.Verbose)
            : new PlainRunReporter(context.Error, context.Verbose, TimeProvider.System);

    /// <summary>
    /// The options with this reporter's callbacks. Waits and lock retries reach <see cref="Waited"/> and
    /// <see cref="Retrying"/> only in a reporter that shows them as events of their own; the others get the library's
    /// log line for them.
    /// </summary>
    public SafeMigratorOptions Attach(SafeMigratorOptions options) =>
        options with
        {
            Log = Log,
            StepStarted = StepStarted,
            BackfillProgress = this,
            Waiting = ReportsWaits ? Waited : null,
            LockRetrying = ReportsWaits ? Retrying : null,
        };

    /// <summary>True when <see cref="Waited"/> and <see cref="Retrying"/> are overridden.</summary>
    protected virtual bool ReportsWaits => false;

    public abstract void Log(string line);

    public abstract void StepStarted(StepStart start);

    public abstract void Report(BackfillProgress value);

    /// <summary>A pause or throttle began (<see cref="RunWait.Waited"/> null) or ended.</summary>
    public virtual void Waited(RunWait wait) => throw new NotSupportedException();

    public virtual void Retrying(LockRetry retry) => throw new NotSupportedException();

    /// <summary>The last line of a successful run.</summary>
    public abstract void Done(string message);

    public virtual void Dispose()
    {
    }

    protected static string Rows(long rows) => rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    protected static string? Eta(BackfillProgress value) =>
        value is { RowsTotal: { } total, RowsPerSecond: > 0 } && total > value.RowsDone
            ? TimeSpan.FromSeconds(Math.Ceiling((total - value.RowsDone) / value.RowsPerSecond)).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
