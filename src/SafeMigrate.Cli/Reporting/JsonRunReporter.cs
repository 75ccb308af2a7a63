using System.Diagnostics;
using System.Text.Json;
using SafeMigrate.Backfill;
using SafeMigrate.Execution;

namespace SafeMigrate.Cli.Reporting;

/// <summary>
/// <c>--log-format json</c>: one JSON object per line on stderr, for pipelines and log collectors. Every event has
/// <c>time</c> (UTC, ISO 8601) and <c>event</c>: <c>step_started</c>, <c>step_finished</c> (with <c>durationMs</c>),
/// <c>batch</c> (backfill progress, at most once a second and its last report), <c>paused</c> and <c>resumed</c>
/// (with <c>pausedMs</c>), <c>throttled</c> and <c>throttle_released</c> (with <c>reason</c> and <c>waitedMs</c>),
/// <c>retry</c> (a lock not granted), <c>log</c> (every other line of the run), and one final <c>done</c>,
/// <c>stopped</c> or <c>error</c> (with <c>exitCode</c>).
/// </summary>
internal sealed class JsonRunReporter(TextWriter error, TimeProvider clock) : RunReporter
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>JsonOutput's style on one line.</summary>
    private static readonly JsonSerializerOptions LineOptions = new(JsonOutput.Options) { WriteIndented = false };

    private readonly object _gate = new();
    private readonly Stopwatch _stepClock = new();
    private StepStart? _current;
    private DateTimeOffset _lastProgress = DateTimeOffset.MinValue;

    public override void Log(string line) => Write(new { @event = "log", message = line.Trim() });

    public override void StepStarted(StepStart start)
    {
        lock (_gate)
        {
            FinishCurrent();
            _current = start;
            _stepClock.Restart();
            Write(new
            {
                @event = "step_started",
                version = start.Version,
                phase = start.Phase,
                step = start.Index + 1,
                steps = start.Count,
                description = start.Step.Description,
                work = start.Step.Work,
                sql = start.Step.Sql,
            });
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
            Write(new
            {
                @event = "batch",
                version = _current?.Version,
                phase = _current?.Phase,
                step = _current?.Index + 1,
                rowsDone = value.RowsDone,
                rowsTotal = value.RowsTotal,
                rowsPerSecond = Math.Round(value.RowsPerSecond, 1),
            });
        }
    }

    protected override bool ReportsWaits => true;

    public override void Waited(RunWait wait)
    {
        lock (_gate)
        {
            var (version, phase, step) = (_current?.Version, _current?.Phase, _current?.Index + 1);
            Write<object>((wait.Reason == PauseGate.Name, wait.Waited) switch
            {
                (true, null) => new { @event = "paused", version, phase, step, why = wait.Why },
                (true, { } waited) => new { @event = "resumed", version, phase, step, pausedMs = (long)waited.TotalMilliseconds },
                (false, null) => new { @event = "throttled", version, phase, step, reason = wait.Reason, why = wait.Why },
                (false, { } waited) => new { @event = "throttle_released", version, phase, step, reason = wait.Reason, waitedMs = (long)waited.TotalMilliseconds },
            });
        }
    }

    public override void Retrying(LockRetry retry)
    {
        lock (_gate)
        {
            Write(new
            {
                @event = "retry",
                version = _current?.Version,
                phase = _current?.Phase,
                step = _current?.Index + 1,
                what = retry.What,
                attempt = retry.NextAttempt,
                maxAttempts = retry.MaxAttempts,
                delayMs = (long)retry.Delay.TotalMilliseconds,
            });
        }
    }

    public override void Done(string message)
    {
        lock (_gate)
        {
            FinishCurrent();
            Write(new { @event = "done", exitCode = ExitCodes.Success, message });
        }
    }

    /// <summary>The last event of a run that did not succeed: <c>stopped</c> (SIGTERM, Ctrl-C) or <c>error</c>, with its exit code.</summary>
    public static Task WriteEndAsync(TextWriter error, string @event, int exitCode, string message) =>
        error.WriteLineAsync(Line(DateTimeOffset.UtcNow, new { @event, exitCode, message }));

    private void FinishCurrent()
    {
        if (_current is { } done)
        {
            Write(new
            {
                @event = "step_finished",
                version = done.Version,
                phase = done.Phase,
                step = done.Index + 1,
                steps = done.Count,
                description = done.Step.Description,
                durationMs = (long)_stepClock.Elapsed.TotalMilliseconds,
            });
            _current = null;
        }
    }

    private void Write<T>(T value)
    {
        lock (_gate)
        {
            error.WriteLine(Line(clock.GetUtcNow(), value));
            error.Flush();
        }
    }

    /// <summary>One event as one line, its time first, so that every event reads the same way.</summary>
    private static string Line<T>(DateTimeOffset time, T value)
    {
        var element = JsonSerializer.SerializeToElement(value, LineOptions);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = LineOptions.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            foreach (var property in element.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
