using Xunit;

namespace SafeMigrate.Cli.Tests;

public class SafeMigrateCommandLineTests
{
    [Fact]
    public async Task Help_ListsCommands_ExitsZero()
    {
        var run = await CliRun.InvokeAsync("--help");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("status", run.Output);
        Assert.Contains("--verbose", run.Output);
    }

    [Fact]
    public async Task Version_PrintsPackageVersion()
    {
        var run = await CliRun.InvokeAsync("--version");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\s*$", run.Output);
    }

    [Fact]
    public async Task UnknownCommand_OneLineOnStderr_ExitTwo()
    {
        var run = await CliRun.InvokeAsync("statuz");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("", run.Output);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'statuz'", line);
    }

    [Fact]
    public async Task InvalidFormat_OneLineOnStderr_ExitTwo()
    {
        var run = await CliRun.InvokeAsync("status", "--format", "xml", "-c", "Host=localhost");
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'xml'", run.Error);
    }

    [Fact]
    public void ExitCodes_AreTheDesignsNumbers()
    {
        Assert.Equal(
            [0, 1, 2, 3, 4],
            new[] { ExitCodes.Success, ExitCodes.Refused, ExitCodes.InvalidInput, ExitCodes.DatabaseFailure, ExitCodes.Blocked });
    }
}
