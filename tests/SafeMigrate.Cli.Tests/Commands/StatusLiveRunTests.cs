using System.Text.Json;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary>
/// <c>status</c> from another process while a release runs: the step, a backfill's rows against the total, the rate,
/// and what it waits on (here the throttle query, raised by the test once the backfill has begun); after the run was
/// stopped, where it stopped; after a run that finished, nothing.
/// </summary>
public sealed class StatusLiveRunTests
{
    [Fact]
    public async Task WhileABackfillIsThrottled_StatusShowsTheStepRowsAndWhy_ThenWhereItStopped_ThenNothing()
    {
        var database = await TestPostgres.CreateDatabaseAsync("statuslive");
        try
        {
            await ReleaseRuns.ReleaseOneWithRowsAsync(database);
            await ReleaseRuns.ExecuteAsync(database, "CREATE TABLE busy (now_busy boolean NOT NULL); INSERT INTO busy VALUES (false);");
            var throttled = new TaskCompletionSource();
            var started = new List<Task>();
            using var stop = new CancellationTokenSource();
            var error = new ReleaseRuns.ActOnWrite(new Dictionary<string, Func<Task>>
            {
                ["\"event\":\"batch\""] = () => ReleaseRuns.ExecuteAsync(database, "UPDATE busy SET now_busy = true"),
                ["\"event\":\"throttled\""] = () => { throttled.SetResult(); return Task.CompletedTask; },
            }, started);
            string[] expand =
            [
                "expand", "-a", ReleaseRuns.Release, "--tag", "release2", "-c", database, "--log-format", "json",
                "--batch-size", "20", "--batch-target-ms", "0", "--batch-delay", "5", "--throttle-query", "SELECT now_busy FROM busy",
            ];
            var run = SafeMigrateCommandLine.RunAsync(expand, new StringWriter(), error, stop.Token);
            await Task.WhenAny(throttled.Task, run, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(throttled.Task.IsCompleted, "the run was not throttled: " + error);

            var text = await CliRun.InvokeAsync("status", "-c", database);
            Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
            Assert.Matches(@"Running: expand of migration 2, step \d/\d \(.+\), since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(run by \S+@\S+ pid \d+, started ", text.Output);
            Assert.Matches(@"\n  [\d,]+ / 3,0\d\d rows \(\d+%\), [\d,]+ rows/s\n", text.Output);
            Assert.Matches(@"\n  waiting since .+ UTC, holding no lock: the throttle query returned true\n", text.Output);

            var json = await CliRun.InvokeAsync("status", "-c", database, "--format", "json");
            using (var document = JsonShapes.AssertMatches(JsonShapes.Status, json.Output))
            {
                var live = document.RootElement.GetProperty("run");
                Assert.True(live.GetProperty("running").GetBoolean());
                Assert.Equal(("expand", 2L), (live.GetProperty("phase").GetString(), live.GetProperty("version").GetInt64()));
                Assert.InRange(live.GetProperty("rowsDone").GetInt64(), 1, 2999);
                Assert.Equal("the throttle query returned true", live.GetProperty("waitingFor").GetString());
            }

            // Stopped as SIGTERM stops it: the row stays, and says where the same command resumes.
            await stop.CancelAsync();
            Assert.Equal(ExitCodes.DatabaseFailure, await run);
            await Task.WhenAll(started);
            // In process, the stopped run's pooled connections outlive it (a CLI process exits and takes its sessions along).
            Npgsql.NpgsqlConnection.ClearAllPools();
            var stopped = await CliRun.InvokeAsync("status", "-c", database);
            Assert.True(stopped.Output.Contains("Last run stopped", StringComparison.Ordinal), stopped.ToString());
            Assert.Matches(@"Last run stopped in expand of migration 2, step \d/\d \(.+\) at .+ UTC \(run by \S+ pid \d+, [\d,]+ / 3,0\d\d rows \(\d+%\)\): run the same command again to resume it there\.", stopped.Output);
            Assert.DoesNotContain("Running:", stopped.Output, StringComparison.Ordinal);

            await ReleaseRuns.ExecuteAsync(database, "UPDATE busy SET now_busy = false");
            var finish = await CliRun.InvokeAsync("expand", "-a", ReleaseRuns.Release, "--tag", "release2", "-c", database);
            Assert.True(finish.ExitCode == ExitCodes.Success, finish.ToString());
            var after = await CliRun.InvokeAsync("status", "-c", database, "--format", "json");
            using (var document = JsonShapes.AssertMatches(JsonShapes.Status, after.Output))
            {
                Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("run").ValueKind);
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}
