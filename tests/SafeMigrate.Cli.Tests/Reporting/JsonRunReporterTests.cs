using System.Text.Json;
using Npgsql;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Reporting;

/// <summary>
/// <c>--log-format json</c> on real runs of the command line (in process, against the test server): every stderr line is
/// one JSON event with a time; steps start and finish in pairs, a backfill reports batches, and the last event is
/// <c>done</c>, <c>stopped</c> (the run's token cancelled, as SIGTERM does) or <c>error</c>, with the exit code.
/// </summary>
public class JsonRunReporterTests
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task Expand_EveryLineAnEvent_StepsInPairs_BatchesReported_LastEventDone()
    {
        var database = await TestPostgres.CreateDatabaseAsync("jsonlog");
        try
        {
            await ReleaseRuns.ReleaseOneWithRowsAsync(database);
            var output = new StringWriter();
            var error = new StringWriter();
            var code = await SafeMigrateCommandLine.RunAsync(
                ["expand", "-a", Release, "--tag", "release2", "-c", database, "--log-format", "json", "--batch-size", "500", "--batch-target-ms", "0"], output, error);

            Assert.True(code == ExitCodes.Success, error.ToString());
            Assert.Equal("", output.ToString());
            var events = Events(error.ToString());
            Assert.All(events, e => Assert.True(DateTimeOffset.TryParse(e.GetProperty("time").GetString(), out _)));

            var started = events.Where(e => Kind(e) == "step_started").ToList();
            var finished = events.Where(e => Kind(e) == "step_finished").ToList();
            Assert.True(started.Count >= 8, $"{started.Count} steps started");
            Assert.Equal(started.Select(Step), finished.Select(Step));
            Assert.All(finished, e => Assert.True(e.GetProperty("durationMs").GetInt64() >= 0));

            var batches = events.Where(e => Kind(e) == "batch").ToList();
            Assert.NotEmpty(batches);
            Assert.Contains(batches, b => b.GetProperty("rowsDone").GetInt64() == 3000 && b.GetProperty("version").GetInt64() == 2);

            var last = events[^1];
            Assert.Equal(("done", ExitCodes.Success), (Kind(last), last.GetProperty("exitCode").GetInt32()));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task ExpandStoppedByItsToken_LastEventStoppedWithExitCodeThreeAndWhere()
    {
        var database = await TestPostgres.CreateDatabaseAsync("jsonlogstop");
        try
        {
            await ReleaseRuns.ReleaseOneWithRowsAsync(database);
            using var stop = new CancellationTokenSource();

            // Stopped as StopSignals stops a run on SIGTERM: by cancelling its token, here at the first batch event.
            var error = new CancelOnWrite(stop, "\"event\":\"batch\"");
            var code = await SafeMigrateCommandLine.RunAsync(
                ["expand", "-a", Release, "--tag", "release2", "-c", database, "--log-format", "json", "--batch-size", "20", "--batch-target-ms", "0", "--batch-delay", "20"],
                new StringWriter(), error, stop.Token);

            Assert.True(code == ExitCodes.DatabaseFailure, error.ToString());
            var last = Events(error.ToString())[^1];
            Assert.Equal(("stopped", ExitCodes.DatabaseFailure), (Kind(last), last.GetProperty("exitCode").GetInt32()));
            Assert.StartsWith("stopped on request in migration 2, expand step 3/8 (", last.GetProperty("message").GetString());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task APauseAndAThrottle_EachAnEventWhenTheyBeginAndEnd_WithWhyAndHowLong()
    {
        var database = await TestPostgres.CreateDatabaseAsync("jsonlogwait");
        try
        {
            await ReleaseRuns.ReleaseOneWithRowsAsync(database);
            await ReleaseRuns.ExecuteAsync(database, "CREATE TABLE busy (now_busy boolean NOT NULL); INSERT INTO busy VALUES (true);");
            var pause = await CliRun.InvokeAsync("pause", "-c", database, "--reason", "busy hour");
            Assert.True(pause.ExitCode == ExitCodes.Success, pause.ToString());

            // Another shell's resume once the run says it is paused; the team's flag lowered once it says it is throttled.
            var lifted = new List<Task>();
            var error = new ReleaseRuns.ActOnWrite(new Dictionary<string, Func<Task>>
            {
                ["\"event\":\"paused\""] = async () => Assert.Equal(ExitCodes.Success, (await CliRun.InvokeAsync("resume", "-c", database)).ExitCode),
                ["\"event\":\"throttled\""] = () => ReleaseRuns.ExecuteAsync(database, "UPDATE busy SET now_busy = false"),
            }, lifted);
            var code = await SafeMigrateCommandLine.RunAsync(
                ["expand", "-a", Release, "--tag", "release2", "-c", database, "--log-format", "json", "--throttle-query", "SELECT now_busy FROM busy"],
                new StringWriter(), error);
            await Task.WhenAll(lifted);

            Assert.True(code == ExitCodes.Success, error.ToString());
            var events = Events(error.ToString());
            var kinds = events.Select(Kind).ToList();
            var paused = Assert.Single(events, e => Kind(e) == "paused");
            Assert.Contains("(busy hour)", paused.GetProperty("why").GetString());
            Assert.Equal(2, paused.GetProperty("version").GetInt64());
            var resumed = Assert.Single(events, e => Kind(e) == "resumed");
            Assert.True(resumed.GetProperty("pausedMs").GetInt64() >= 0);
            var throttled = Assert.Single(events, e => Kind(e) == "throttled");
            Assert.Equal(("load", "the throttle query returned true"), (throttled.GetProperty("reason").GetString(), throttled.GetProperty("why").GetString()));
            var released = Assert.Single(events, e => Kind(e) == "throttle_released");
            Assert.Equal("load", released.GetProperty("reason").GetString());
            Assert.True(released.GetProperty("waitedMs").GetInt64() >= 0);
            Assert.True(kinds.IndexOf("paused") < kinds.IndexOf("resumed") && kinds.IndexOf("throttled") < kinds.IndexOf("throttle_released"), string.Join(", ", kinds));

            // No wait is also written as a log line: each is one event.
            Assert.DoesNotContain(events, e => Kind(e) == "log" && e.GetProperty("message").GetString()!.StartsWith("throttle", StringComparison.Ordinal));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public void ALockRetry_IsARetryEvent_WithTheTryAndTheDelay()
    {
        var error = new StringWriter();
        using var reporter = new SafeMigrate.Cli.Reporting.JsonRunReporter(error, TimeProvider.System);

        reporter.Retrying(new SafeMigrate.Execution.LockRetry("add column \"t\".\"c\"", 2, 10, TimeSpan.FromMilliseconds(180)));

        var only = Assert.Single(Events(error.ToString()));
        Assert.Equal("retry", Kind(only));
        Assert.Equal(("add column \"t\".\"c\"", 2, 10, 180L), (only.GetProperty("what").GetString(), only.GetProperty("attempt").GetInt32(), only.GetProperty("maxAttempts").GetInt32(), only.GetProperty("delayMs").GetInt64()));
    }

    [Fact]
    public async Task UnreachableServer_OneErrorEvent_SecretRedacted()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await SafeMigrateCommandLine.RunAsync(
            ["expand", "-a", Release, "-c", "Host=127.0.0.1;Port=1;Username=app;Password=hunter2;Database=shop", "--log-format", "json"], output, error);

        Assert.Equal(ExitCodes.DatabaseFailure, code);
        var only = Assert.Single(Events(error.ToString()));
        Assert.Equal(("error", ExitCodes.DatabaseFailure), (Kind(only), only.GetProperty("exitCode").GetInt32()));
        Assert.Contains("Cannot connect to PostgreSQL at 127.0.0.1:1/shop", only.GetProperty("message").GetString());
        Assert.DoesNotContain("hunter2", error.ToString());
    }

    private static List<JsonElement> Events(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    private static string? Kind(JsonElement e) => e.GetProperty("event").GetString();

    private static string Step(JsonElement e) =>
        $"{e.GetProperty("version").GetInt64()} {e.GetProperty("phase").GetString()} {e.GetProperty("step").GetInt32()}/{e.GetProperty("steps").GetInt32()}";

    /// <summary>A stderr that cancels <paramref name="stop"/> once a line containing <paramref name="marker"/> is written.</summary>
    private sealed class CancelOnWrite(CancellationTokenSource stop, string marker) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(marker, StringComparison.Ordinal) == true)
            {
                stop.Cancel();
            }
        }
    }
}
