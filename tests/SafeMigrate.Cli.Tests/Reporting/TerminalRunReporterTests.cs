using System.Text.RegularExpressions;
using SafeMigrate.Backfill;
using SafeMigrate.Cli.Reporting;
using SafeMigrate.Execution;
using SafeMigrate.Steps;
using Xunit;

namespace SafeMigrate.Cli.Tests.Reporting;

/// <summary>
/// The live view on a terminal, driven as the runner drives it (steps started, backfill reports, log lines, done or
/// failed), its output read back as a terminal shows it (<see cref="TerminalScreen"/>): what stays on screen, what the
/// live line says, where the cursor ends. Time is a manual clock, so durations are exact.
/// </summary>
public class TerminalRunReporterTests
{
    private const int Width = 120;
    private static readonly Regex ColourCode = new(@"\u001b\[[0-9;]*m");

    [Fact]
    public void Run_FinishedStepsStayAsTickedLines_LogAboveTheLiveLine_BarWithRowsRateAndEta_CursorOnAFreshLine()
    {
        var output = new SharedStringWriter();
        var clock = new ManualClock();
        var reporter = new TerminalRunReporter(Console(output, colours: true), verbose: false, clock);

        reporter.StepStarted(Start(0, new SqlStep("add column customers.email_lower", "ALTER TABLE customers ADD email_lower text")));
        clock.Advance(TimeSpan.FromSeconds(1.5));
        reporter.StepStarted(Start(1, new SqlStep("backfill customers.email_lower", "UPDATE ...", Transactional: false) { Work = StepWork.Backfill }));
        reporter.Report(new BackfillProgress(1000, 4000, 500));
        clock.Advance(TimeSpan.FromSeconds(3));
        reporter.Log("throttled: replica 127.0.0.1:5433 is 6,200 ms behind (limit 5,000 ms); waiting");

        // The first report is drawn at once (at 0s); the frame after the clock moved on shows 3s.
        var midBackfill = WaitForScreen(output, s => s.Rows[s.CursorRow].Contains("rows/s", StringComparison.Ordinal) && s.CursorRow > 0 && s.Rows[s.CursorRow - 1].EndsWith(" 3s", StringComparison.Ordinal));
        Assert.Equal(
            [
                "✓ 2 expand [1/3] add column customers.email_lower (1.5s)",
                "throttled: replica 127.0.0.1:5433 is 6,200 ms behind (limit 5,000 ms); waiting",
            ],
            midBackfill.Rows.Take(midBackfill.CursorRow - 1));
        Assert.Matches(@"^\S 2 expand \[2/3\] backfill customers\.email_lower 3s$", midBackfill.Rows[midBackfill.CursorRow - 1]);
        Assert.Equal("  " + new string('━', 30) + " 1,000/4,000 rows, 500 rows/s, ETA 00:00:06", midBackfill.Rows[midBackfill.CursorRow]);

        reporter.Report(new BackfillProgress(4000, 4000, 800));
        clock.Advance(TimeSpan.FromSeconds(2));
        reporter.StepStarted(Start(2, new SqlStep("create index ix_customers_email_lower", "CREATE INDEX CONCURRENTLY ...", Transactional: false) { Work = StepWork.IndexBuild }));
        clock.Advance(TimeSpan.FromSeconds(75));

        // The live area keeps the height it once had (Spectre never shrinks it while it runs): the index build's one line
        // sits above a blank one.
        var building = WaitForScreen(output, s => s.Rows.Any(r => r.EndsWith("0:01:15", StringComparison.Ordinal)));
        Assert.Matches(@"^\S 2 expand \[3/3\] create index ix_customers_email_lower \(building\) 0:01:15$", building.Rows[building.CursorRow - 1]);
        Assert.Equal("", building.Rows[building.CursorRow]);

        reporter.Done("expand done: 1 migration, 3 steps");
        reporter.Dispose();

        var end = TerminalScreen.Of(output.ToString(), Width);
        Assert.Equal(
            [
                "✓ 2 expand [1/3] add column customers.email_lower (1.5s)",
                "throttled: replica 127.0.0.1:5433 is 6,200 ms behind (limit 5,000 ms); waiting",
                "✓ 2 expand [2/3] backfill customers.email_lower (5.0s)",
                "✓ 2 expand [3/3] create index ix_customers_email_lower (building) (75.0s)",
                "expand done: 1 migration, 3 steps",
                "",
            ],
            end.Rows);
        Assert.Equal((5, 0), (end.CursorRow, end.CursorColumn));
        Assert.Matches(@"\u001b\[[0-9;]*m✓", output.ToString());   // the tick in colour
    }

    [Fact]
    public void FailedRun_UnfinishedStepStaysAsAnXLine_TheErrorStartsOnAFreshLine()
    {
        var output = new SharedStringWriter();
        var clock = new ManualClock();
        var reporter = new TerminalRunReporter(Console(output, colours: true), verbose: false, clock);

        reporter.StepStarted(Start(0, new SqlStep("add column customers.email_lower", "ALTER TABLE customers ADD email_lower text"), count: 2));
        clock.Advance(TimeSpan.FromSeconds(0.2));
        reporter.StepStarted(Start(1, new SqlStep("validate constraint ck_customers_email_lower", "ALTER TABLE ... VALIDATE CONSTRAINT ..."), count: 2));
        clock.Advance(TimeSpan.FromSeconds(2));
        reporter.Dispose();
        output.Write("error: canceling statement due to lock timeout\n");   // as CommandRunner writes it, straight to stderr

        var end = TerminalScreen.Of(output.ToString(), Width);
        Assert.Equal(
            [
                "✓ 2 expand [1/2] add column customers.email_lower (0.2s)",
                "x 2 expand [2/2] validate constraint ck_customers_email_lower (2.0s)",
                "error: canceling statement due to lock timeout",
                "",
            ],
            end.Rows);
        Assert.Equal(0, end.CursorColumn);
    }

    [Fact]
    public void WithoutColours_NoColourOrStyleCodes_TheViewStillRedrawsInPlace()
    {
        var output = new SharedStringWriter();
        var clock = new ManualClock();
        var reporter = new TerminalRunReporter(Console(output, colours: false), verbose: false, clock);

        reporter.StepStarted(Start(0, new SqlStep("backfill customers.email_lower", "UPDATE ...", Transactional: false) { Work = StepWork.Backfill }, count: 1));
        reporter.Report(new BackfillProgress(1000, 4000, 500));
        reporter.Log("paused by safe-migrate pause; waiting for resume");
        var screen = WaitForScreen(output, s => s.Rows[s.CursorRow].Contains("1,000/4,000 rows", StringComparison.Ordinal));
        Assert.Equal("  " + new string('━', 7) + new string(' ', 23) + " 1,000/4,000 rows, 500 rows/s, ETA 00:00:06", screen.Rows[screen.CursorRow]);
        reporter.Done("expand done");
        reporter.Dispose();

        var raw = output.ToString();
        Assert.DoesNotMatch(ColourCode, raw);
        Assert.Contains("\u001b[2K", raw);   // rows are still erased and redrawn: cursor control is not colour
        Assert.Equal(
            [
                "paused by safe-migrate pause; waiting for resume",
                "✓ 2 expand [1/1] backfill customers.email_lower (0.0s)",
                "expand done",
                "",
            ],
            TerminalScreen.Of(raw, Width).Rows);
    }

    [Fact]
    public void Verbose_EachStepsSqlAboveIt_MarkupCharactersShownAsTyped()
    {
        var output = new SharedStringWriter();
        var reporter = new TerminalRunReporter(Console(output, colours: true), verbose: true, new ManualClock());

        reporter.StepStarted(Start(0, new SqlStep("add check [email] <> ''", "ALTER TABLE customers\n  ADD CONSTRAINT ck CHECK ([email] <> '') NOT VALID"), count: 1));
        reporter.Done("expand done");
        reporter.Dispose();

        Assert.Equal(
            [
                "    ALTER TABLE customers",
                "      ADD CONSTRAINT ck CHECK ([email] <> '') NOT VALID",
                "✓ 2 expand [1/1] add check [email] <> '' (0.0s)",
                "expand done",
                "",
            ],
            TerminalScreen.Of(output.ToString(), Width).Rows);
    }

    [Fact]
    public void BackfillWithoutAnEstimate_RowsAndRateWithoutTotalOrEta()
    {
        var output = new SharedStringWriter();
        var reporter = new TerminalRunReporter(Console(output, colours: true), verbose: false, new ManualClock());

        reporter.StepStarted(Start(0, new SqlStep("backfill orders.total", "UPDATE ...", Transactional: false) { Work = StepWork.Backfill }, count: 1));
        reporter.Report(new BackfillProgress(2500, null, 1250));

        var screen = WaitForScreen(output, s => s.Rows[s.CursorRow].Contains("rows/s", StringComparison.Ordinal));
        Assert.Matches(@"^\S 2 expand \[1/1\] backfill orders\.total 0s$", screen.Rows[screen.CursorRow - 1]);
        Assert.Matches(@"^  [━ ]{30} 2,500 rows, 1,250 rows/s$", screen.Rows[screen.CursorRow]);   // a pulse: no total to fill
        reporter.Dispose();
    }

    private static Spectre.Console.IAnsiConsole Console(TextWriter output, bool colours)
    {
        var console = TerminalRunReporter.CreateConsole(output, colours);
        console.Profile.Width = Width;
        console.Profile.Height = 40;
        return console;
    }

    private static StepStart Start(int index, Step step, int count = 3) => new(2, "expand", index, count, step);

    /// <summary>The live line is redrawn by Spectre's refresh thread (every 100 ms): wait for the frame a test expects.</summary>
    private static TerminalScreen WaitForScreen(SharedStringWriter output, Func<TerminalScreen, bool> expected)
    {
        var screen = TerminalScreen.Of(output.ToString(), Width);
        for (var attempt = 0; attempt < 500 && !expected(screen); attempt++)
        {
            Thread.Sleep(20);
            screen = TerminalScreen.Of(output.ToString(), Width);
        }

        Assert.True(expected(screen), "the expected frame never came; the screen:\n" + screen);
        return screen;
    }

    /// <summary>A clock that moves only when told: the durations the view prints are then exact.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        private readonly DateTimeOffset _start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override DateTimeOffset GetUtcNow() => _start.AddTicks(Interlocked.Read(ref _ticks));

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
