using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary>
/// <c>pause</c> and <c>resume</c> against a real database: the pause is recorded for any run (status shows it, text and
/// JSON), resume lifts it, a second resume says nothing was paused; no connection is bad input. What a paused run does is
/// tested in the library (PauseTests).
/// </summary>
public sealed class PauseCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Pause_ShownByStatus_ThenResumed()
    {
        var pause = await CliRun.InvokeAsync("pause", "-c", database.ConnectionString, "--reason", "busy hour");
        Assert.True(pause.ExitCode == ExitCodes.Success, pause.ToString());
        Assert.StartsWith("Paused: a release running against this database waits before its next batch or step, holding no lock", pause.Output, StringComparison.Ordinal);

        var text = await CliRun.InvokeAsync("status", "-c", database.ConnectionString);
        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Matches(@"Paused since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by \S+@\S+ \(busy hour\): releases wait before their next batch or step\.", text.Output);

        var json = await CliRun.InvokeAsync("status", "-c", database.ConnectionString, "--format", "json");
        using (var document = JsonShapes.AssertMatches(JsonShapes.Status, json.Output))
        {
            Assert.Equal("busy hour", document.RootElement.GetProperty("paused").GetProperty("reason").GetString());
        }

        var resume = await CliRun.InvokeAsync("resume", "-c", database.ConnectionString);
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        Assert.StartsWith("Resumed: the paused release continues where it stopped", resume.Output, StringComparison.Ordinal);

        var after = await CliRun.InvokeAsync("status", "-c", database.ConnectionString, "--format", "json");
        using (var document = JsonShapes.AssertMatches(JsonShapes.Status, after.Output))
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, document.RootElement.GetProperty("paused").ValueKind);
        }

        var again = await CliRun.InvokeAsync("resume", "-c", database.ConnectionString);
        Assert.Equal("Nothing was paused.", again.Output.Trim());
    }

    [Fact]
    public async Task WithoutAConnection_IsBadInput()
    {
        var run = await CliRun.InvokeAsync("pause");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
    }
}
