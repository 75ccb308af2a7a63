using System.Globalization;
using SafeMigrate.Backfill;
using SafeMigrate.Cli.Reporting.Terminal;
using SafeMigrate.Execution;
using SafeMigrate.Steps;
using Spectre.Console;

namespace SafeMigrate.Cli.Reporting;

/// <summary>
/// A person watching a terminal, through a Spectre.Console live progress display: finished steps stay as lines with a
/// tick and their duration; the running step is a live line with a spinner and its elapsed time, and, during a
/// backfill, a second one with a bar, rows done / total, rate and ETA. Index builds show their elapsed time (PostgreSQL
/// reports no row count for them to this view). Log lines (throttle waits, pauses, lock retries) are written above the
/// live area.
/// </summary>
/// <remarks>
/// Spectre's displays are scoped (<c>StartAsync(context =&gt; ...)</c>) and own the console while they run, whereas the
/// runner calls this reporter from its own thread, step after step. So the display runs on a task for the reporter's
/// whole life, and every write goes through the same <see cref="IAnsiConsole"/>: Spectre serialises writes, and its
/// render hook puts each written line above the live area and draws the live area again below it. Dispose ends the
/// display: it erases the live area (the finished steps stay), so the cursor is left at the start of a fresh line.
/// </remarks>
internal sealed class TerminalRunReporter : RunReporter
{
    /// <summary>How long Dispose waits for the display to stop: its refresh thread wakes every 100 ms.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly IAnsiConsole _console;
    private readonly bool _verbose;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display;
    private readonly ProgressContext _live;
    private ProgressTask? _current;
    private string _currentText = string.Empty;
    private bool _disposed;

    public TerminalRunReporter(TextWriter error, ConsoleStyle style, bool verbose)
        : this(CreateConsole(error, style.Enabled), verbose, TimeProvider.System)
    {
    }

    internal TerminalRunReporter(IAnsiConsole console, bool verbose, TimeProvider clock)
    {
        _console = console;
        _verbose = verbose;
        _clock = clock;

        // The columns are Spectre's grid of one row per task; RunningStepView replaces that layout (RenderHook).
        var view = new RunningStepView(console, clock);
        var progress = new Progress(new VisibleCursorConsole(console), clock)
        {
            AutoClear = true,
            ExcludeVerticalPadding = true,
            RenderHook = view.Render,
        }.Columns(new TaskDescriptionColumn());

        var started = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        _display = Task.Run(() => progress.StartAsync(async context =>
        {
            started.SetResult(context);
            await _stop.Task.ConfigureAwait(false);
        }));

        // The display fails to start only when another one owns the console (Spectre allows one at a time).
        Task.WaitAny(started.Task, _display);
        if (!started.Task.IsCompleted)
        {
            _display.GetAwaiter().GetResult();
        }

        _live = started.Task.Result;
    }

    /// <summary>
    /// The console on stderr (the writer given, never stdout). ANSI is on: RunReporter.Create picks this reporter only
    /// when stderr is a terminal, outside CI. Colours follow <paramref name="colours"/> (off with NO_COLOR); without
    /// them the view still moves the cursor, and paints nothing (no colour, no bold or dim either).
    /// </summary>
    internal static IAnsiConsole CreateConsole(TextWriter error, bool colours) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = AnsiSupport.Yes,
            ColorSystem = colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });

    public override void Log(string line)
    {
        lock (_gate)
        {
            WriteAbove($"[grey]{Markup.Escape(line)}[/]");
        }
    }

    public override void StepStarted(StepStart start)
    {
        lock (_gate)
        {
            FinishCurrent();
            _currentText = $"{start.Version} {start.Phase} [{start.Index + 1}/{start.Count}] {start.Step.Description}" +
                (start.Step.Work == StepWork.IndexBuild ? " (building)" : string.Empty);
            if (_verbose && start.Step.Sql is { } sql)
            {
                WriteAbove($"[grey]{Markup.Escape(string.Join('\n', sql.Trim().Split('\n').Select(l => "    " + l.TrimEnd('\r'))))}[/]");
            }

            _current = _live.AddTask(Markup.Escape(_currentText));
            _current.Tag = new RunningStep(_clock.GetTimestamp());
            _live.Refresh();
        }
    }

    public override void Report(BackfillProgress value)
    {
        lock (_gate)
        {
            if (_current is not { Tag: RunningStep step } task)
            {
                return;
            }

            // The bar reads the task's value; the text beside it is this report's own rate and ETA (a resumed backfill
            // starts with the rows of earlier runs, which Spectre's own speed sampling would count as this run's).
            var eta = Eta(value);
            task.IsIndeterminate = value.RowsTotal is null;
            task.MaxValue = Math.Max(value.RowsTotal ?? 1, 1);
            task.Value = value.RowsTotal is null ? 0 : value.RowsDone;
            task.Tag = step with
            {
                BackfillText = $"{Rows(value.RowsDone)}{(value.RowsTotal is { } t ? "/" + Rows(t) : string.Empty)} rows, " +
                    $"{Rows((long)value.RowsPerSecond)} rows/s{(eta is null ? string.Empty : ", ETA " + eta)}",
            };

            // The first report of a backfill is drawn at once: a short backfill could otherwise end between two of the
            // display's own refreshes (on a loaded machine, easily) and never show its bar.
            if (step.BackfillText is null)
            {
                _live.Refresh();
            }
        }
    }

    public override void Done(string message)
    {
        lock (_gate)
        {
            FinishCurrent();
            WriteAbove($"[green]{Markup.Escape(message)}[/]");
        }
    }

    public override void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;

            // A failed or stopped run leaves its current step unfinished: it stays as an 'x' line, so that the error
            // (written after this, straight to stderr) follows it on a line of its own.
            if (_current is { Tag: RunningStep step } failed)
            {
                _live.RemoveTask(failed);
                _live.Refresh();
                WriteAbove($"[red]x[/] {Markup.Escape(_currentText)} [grey]({Seconds(step)})[/]");
                _current = null;
            }
        }

        _stop.TrySetResult();
        try
        {
            // Promptly: a SIGTERM run has seconds left before SIGKILL, and the view must not hold it up.
            _display.Wait(StopTimeout);
        }
        catch (AggregateException)
        {
            // The display's own failure must not hide the run's outcome; what it drew stays as it is.
        }

        _console.Profile.Out.Writer.Flush();
    }

    private void FinishCurrent()
    {
        if (_current is not { Tag: RunningStep step } finished)
        {
            return;
        }

        // Off the live area first, so that the line written above is not followed by a last frame of the same step.
        _live.RemoveTask(finished);
        _live.Refresh();
        WriteAbove($"[green]✓[/] {Markup.Escape(_currentText)} [grey]({Seconds(step)})[/]");
        _current = null;
    }

    private string Seconds(RunningStep step) =>
        _clock.GetElapsedTime(step.StartedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private void WriteAbove(string markup) => _console.Write(new LineAboveLiveView(new Markup(markup)));
}
