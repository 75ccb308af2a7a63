using System.Diagnostics;
using SafeMigrate.Backfill;
using SafeMigrate.Execution;
using SafeMigrate.Planning;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Steps;

namespace SafeMigrate.Cli.Reporting;

/// <summary>
/// A person watching a terminal: finished steps stay as lines with a tick and their duration; the running step is one
/// line redrawn in place with its elapsed time, and, during a backfill, a bar with rows done, rate and ETA. Index
/// builds show their elapsed time (PostgreSQL reports no row count for them to this view).
/// </summary>
internal sealed class TerminalRunReporter : RunReporter
{
    private const int BarWidth = 30;
    private static readonly string[] Spinner = ["|", "/", "-", "\\"];

    private readonly TextWriter _error;
    private readonly ConsoleStyle _style;
    private readonly bool _verbose;
    private readonly object _gate = new();
    private readonly Timer _timer;
    private readonly Stopwatch _stepClock = new();
    private string? _current;
    private BackfillProgress? _backfill;
    private int _frame;

    public TerminalRunReporter(TextWriter error, ConsoleStyle style, bool verbose)
    {
        _error = error;
        _style = style;
        _verbose = verbose;
        _timer = new Timer(_ => Redraw(), null, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
    }

    public override void Log(string line)
    {
        lock (_gate)
        {
            ClearLine();
            _error.WriteLine(_style.Dim(line));
            DrawCurrent();
        }
    }

    public override void StepStarted(StepStart start)
    {
        lock (_gate)
        {
            FinishCurrent();
            _current = $"{start.Version} {start.Phase} [{start.Index + 1}/{start.Count}] {start.Step.Description}" +
                (start.Step.Work == StepWork.IndexBuild ? " (building)" : string.Empty);
            _backfill = null;
            _stepClock.Restart();
            if (_verbose && start.Step.Sql is { } sql)
            {
                _error.WriteLine(_style.Dim(string.Join(Environment.NewLine, sql.Trim().Split('\n').Select(l => "    " + l.TrimEnd('\r')))));
            }

            DrawCurrent();
        }
    }

    public override void Report(BackfillProgress value)
    {
        lock (_gate)
        {
            _backfill = value;
            DrawCurrent();
        }
    }

    public override void Done(string message)
    {
        lock (_gate)
        {
            FinishCurrent();
            _error.WriteLine(_style.Green(message));
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            // A failed run leaves its current step unfinished: end the redrawn line so the error starts on its own.
            if (_current is not null)
            {
                ClearLine();
                _error.WriteLine(_style.Red("x ") + _current);
                _current = null;
            }

            _error.Flush();
        }
    }

    private void Redraw()
    {
        lock (_gate)
        {
            _frame++;
            DrawCurrent();
        }
    }

    private void FinishCurrent()
    {
        if (_current is null)
        {
            return;
        }

        ClearLine();
        _error.WriteLine($"{_style.Green("✓")} {_current} {_style.Dim($"({_stepClock.Elapsed.TotalSeconds:0.0}s)")}");
        _current = null;
    }

    private void DrawCurrent()
    {
        if (_current is null)
        {
            return;
        }

        ClearLine();
        var line = $"{_style.Cyan(Spinner[_frame % Spinner.Length])} {_current} {_style.Dim($"{_stepClock.Elapsed.TotalSeconds:0}s")}";
        if (_backfill is { } b)
        {
            var fraction = b.RowsTotal is { } total && total > 0 ? Math.Clamp((double)b.RowsDone / total, 0, 1) : 0;
            var filled = (int)Math.Round(fraction * BarWidth);
            var eta = Eta(b);
            line += $"  [{new string('#', filled)}{new string('.', BarWidth - filled)}] {Rows(b.RowsDone)}" +
                $"{(b.RowsTotal is { } t ? "/" + Rows(t) : string.Empty)} rows, {Rows((long)b.RowsPerSecond)} rows/s{(eta is null ? string.Empty : ", ETA " + eta)}";
        }

        _error.Write(line);
        _error.Flush();
    }

    private void ClearLine() => _error.Write("\r\u001b[2K");
}
