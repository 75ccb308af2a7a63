using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SafeMigrate.Cli.Reporting.Terminal;

/// <summary>
/// The live area, drawn by Spectre's progress display (its render hook) from the running step's task: a spinner, the
/// step and its elapsed time; during a backfill a second line with Spectre's bar and the rows done / total, rate and
/// ETA. Two lines rather than one row of columns, so that a long step description does not squeeze the bar on a
/// terminal of 80 columns.
/// </summary>
internal sealed class RunningStepView(IAnsiConsole console, TimeProvider clock)
{
    private const int BarWidth = 30;
    private readonly ProgressBarColumn _bar = new() { Width = BarWidth };

    public IRenderable Render(IRenderable columns, IReadOnlyList<ProgressTask> tasks) =>
        new Rows(tasks.Where(t => t.Tag is RunningStep).SelectMany(Lines));

    /// <summary>"12s", then "0:01:02" past a minute.</summary>
    public static string Elapsed(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromMinutes(1)
            ? ((int)elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : elapsed.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);

    private IEnumerable<IRenderable> Lines(ProgressTask task)
    {
        var step = (RunningStep)task.Tag!;
        yield return new Markup($"[aqua]{Markup.Escape(Frame())}[/] {task.Description} [grey]{Elapsed(clock.GetElapsedTime(step.StartedAt))}[/]");
        if (step.BackfillText is { } text)
        {
            var line = new Grid()
                .AddColumn(new GridColumn().NoWrap().Padding(2, 0, 1, 0))
                .AddColumn(new GridColumn().NoWrap().Padding(0, 0, 0, 0));
            line.AddRow(_bar.Render(RenderOptions.Create(console), task, TimeSpan.Zero), new Text(text));
            yield return line;
        }
    }

    /// <summary>The spinner's frame by the wall clock, so that it turns at its own pace whatever the refresh rate.</summary>
    private string Frame()
    {
        var spinner = console.Profile.Capabilities.Unicode ? Spinner.Known.Dots : Spinner.Known.Ascii;
        return spinner.Frames[(int)(Environment.TickCount64 / (long)spinner.Interval.TotalMilliseconds % spinner.Frames.Count)];
    }
}
