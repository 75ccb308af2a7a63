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
            await ReleaseOneWithRowsAsync(database);
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
            await ReleaseOneWithRowsAsync(database);
            using var stop = new CancellationTokenSource();

            // Stopped as StopSignals stops a run on SIGTERM: by cancelling its token, here at the first batch event.
            var error = new CancelOnWrite(stop, "\"event\":\"batch\"");
            var code = await SafeMigrateCommandLine.RunAsync(
                ["expand", "-a", Release, "--tag", "release2", "-c", database, "--log-format", "json", "--batch-size", "20", "--batch-target-ms", "0", "--batch-delay", "20"],
                new StringWriter(), error, stop.Token);

            Assert.True(code == ExitCodes.DatabaseFailure, error.ToString());
            var last = Events(error.ToString())[^1];
            Assert.Equal(("stopped", ExitCodes.DatabaseFailure), (Kind(last), last.GetProperty("exitCode").GetInt32()));
            Assert.StartsWith("stopped on request in migration 2, expand step 3/6 (", last.GetProperty("message").GetString());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
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

    /// <summary>Release 1 (customers, orders), then 3000 customers with an order each.</summary>
    private static async Task ReleaseOneWithRowsAsync(string database)
    {
        foreach (var command in new[] { "expand", "contract" })
        {
            var run = await CliRun.InvokeAsync(command, "-a", Release, "-c", database);
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        }

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand("""
            INSERT INTO customers (name, email, legacy_code) SELECT 'seed ' || g, 'seed' || g || '@example.com', 'L' || g FROM generate_series(1, 3000) g;
            INSERT INTO orders (customer_id, note) SELECT id, 'seed order' FROM customers;
            ANALYZE customers;
            """, connection);
        await seed.ExecuteNonQueryAsync();
    }

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
