using SafeMigrate.Backfill;
using SafeMigrate.Execution;

namespace SafeMigrate.Cli.Reporting;

/// <summary>
/// CI logs and redirected stderr: one UTC-timestamped line per event, no colours, no cursor movement. Backfill
/// progress at most once every few seconds (and its last report), so a million-row backfill does not flood the log.
/// </summary>
internal sealed class PlainRunReporter(TextWriter error, bool verbose, TimeProvider clock) : RunReporter
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    private readonly object _gate = new();
    private DateTimeOffset _lastProgress = DateTimeOffset.MinValue;

    public override void Log(string line) => Write(line);

    public override void StepStarted(StepStart start)
    {
        Write($"{start.Version} {start.Phase} [{start.Index + 1}/{start.Count}] {start.Step.Description}");
        if (verbose && start.Step.Sql is { } sql)
        {
            foreach (var line in sql.Trim().Split('\n'))
            {
                Write("    " + line.TrimEnd('\r'));
            }
        }
    }

    public override void Report(BackfillProgress value)
    {
        var now = clock.GetUtcNow();
        var last = value.RowsTotal is { } total && total == value.RowsDone;
        lock (_gate)
        {
            if (!last && now - _lastProgress < ProgressInterval)
            {
                return;
            }

            _lastProgress = now;
        }

        var eta = Eta(value);
        Write($"  backfill: {Rows(value.RowsDone)}{(value.RowsTotal is { } t ? "/" + Rows(t) : string.Empty)} rows, {Rows((long)value.RowsPerSecond)} rows/s{(eta is null ? string.Empty : ", ETA " + eta)}");
    }

    public override void Done(string message) => Write(message);

    private void Write(string line)
    {
        lock (_gate)
        {
            error.WriteLine($"[{clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}] {line}");
            error.Flush();
        }
    }
}
