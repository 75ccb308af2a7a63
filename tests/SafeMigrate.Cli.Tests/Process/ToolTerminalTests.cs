using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>The installed tool on a terminal: a live view with a progress bar, colours unless NO_COLOR; plain lines in CI.</summary>
[Collection(InstalledToolCollection.Name)]
public class ToolTerminalTests(InstalledTool tool)
{
    /// <summary>Erase-line, which the live view sends (after a carriage return, which ProcessRun reads as a line break).</summary>
    private const string ClearLine = "\u001b[2K";
    private const string Green = "\u001b[32m";

    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task Expand_OnATerminal_LiveStepsAndABackfillBar()
    {
        await WithSeededReleaseOneAsync("terminal", async database =>
        {
            var run = await tool.RunOnTerminalAsync(["expand", "-a", Release, "--tag", "release2", "-c", database, "--batch-size", "100"]);

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.Contains(ClearLine, run.Output);                         // the current step is redrawn in place
            Assert.Matches(@"\[#+\.*\] [\d,]+/[\d,]+ rows, [\d,]+ rows/s", run.Output); // bar, rows done/total, rate
            Assert.Contains("✓", run.Output);                               // finished steps stay as lines
            Assert.Contains(Green, run.Output);
            Assert.DoesNotMatch(@"\[\d{4}-\d\d-\d\dT", run.Output);        // no CI timestamps
        });
    }

    [Fact]
    public async Task Expand_OnATerminalWithNoColor_NoColourCodes()
    {
        await WithSeededReleaseOneAsync("nocolor", async database =>
        {
            var run = await tool.RunOnTerminalAsync(["expand", "-a", Release, "--tag", "release2", "-c", database], new Dictionary<string, string?> { ["NO_COLOR"] = "1" });

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.Contains(ClearLine, run.Output);
            Assert.DoesNotMatch(@"\u001b\[\d+m", run.Output);
        });
    }

    [Fact]
    public async Task Expand_OnATerminalInCi_PlainTimestampedLines()
    {
        await WithSeededReleaseOneAsync("ci", async database =>
        {
            var run = await tool.RunOnTerminalAsync(["expand", "-a", Release, "--tag", "release2", "-c", database], new Dictionary<string, string?> { ["CI"] = "true" });

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.DoesNotContain(ClearLine, run.Output);
            Assert.Matches(@"\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] 2 expand \[1/", run.Output);
        });
    }

    private async Task WithSeededReleaseOneAsync(string hint, Func<string, Task> test)
    {
        var database = await TestPostgres.CreateDatabaseAsync(hint);
        try
        {
            foreach (var command in new[] { "expand", "contract" })
            {
                var run = await tool.RunAsync(command, "-a", Release, "-c", database);
                Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            }

            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var seed = new Npgsql.NpgsqlCommand(
                "INSERT INTO customers (name, email) SELECT 'c' || g, 'c' || g || '@example.com' FROM generate_series(1, 2000) g; ANALYZE customers;", connection);
            await seed.ExecuteNonQueryAsync();
            await test(database);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}
