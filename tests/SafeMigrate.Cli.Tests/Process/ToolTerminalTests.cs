using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>The installed tool on a terminal: a live view with a progress bar, colours unless NO_COLOR; plain lines in CI.</summary>
[Collection(InstalledToolCollection.Name)]
public class ToolTerminalTests(InstalledTool tool)
{
    /// <summary>Erase-line, which the live view sends before each line it writes above its live area, and when it ends.</summary>
    private const string ClearLine = "\u001b[2K";

    /// <summary>A colour or style (SGR) sequence.</summary>
    private const string Colour = @"\u001b\[[0-9;]*m";

    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task Expand_OnATerminal_LiveStepsAndABackfillBar()
    {
        await WithSeededReleaseOneAsync("terminal", async database =>
        {
            var run = await tool.RunOnTerminalAsync(["expand", "-a", Release, "--tag", "release2", "-c", database, "--batch-size", "100"]);

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            var text = System.Text.RegularExpressions.Regex.Replace(run.Output, Colour, "");
            Assert.Contains(ClearLine, run.Output);                         // the live area is redrawn in place
            Assert.Matches(@"━+ +[\d,]+/[\d,]+ rows, [\d,]+ rows/s", text);   // bar, rows done/total, rate
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"✓ 2 expand \[1/\d+\] .*?\(\d+\.\ds\)", System.Text.RegularExpressions.RegexOptions.Singleline), text); // finished steps stay as lines (80 columns: may wrap)
            Assert.Matches(Colour + "✓", run.Output);                       // the tick in colour
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
            Assert.Contains("✓ 2 expand [1/", run.Output);
            Assert.DoesNotMatch(Colour, run.Output);
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
