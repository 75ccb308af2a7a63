using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary><c>--throttle-query</c> on expand and contract: checked before anything changes.</summary>
public sealed class ThrottleQueryTests
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Theory]
    [InlineData("expand")]
    [InlineData("contract")]
    public async Task AFailingQuery_IsExit2_InOneLine_WithTheServersMessage_AndNothingChanges(string command)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("throttle_cli");
        try
        {
            var install = await CliRun.InvokeAsync("expand", "-a", Release, "-c", cs);
            Assert.True(install.ExitCode == ExitCodes.Success, install.ToString());
            var before = await DatabaseDump.ReadAsync(cs);

            var run = await CliRun.InvokeAsync(command, "-a", Release, "--tag", "release2", "-c", cs, "--throttle-query", "SELECT busy FROM load_flags");

            Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
            var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.Equal("error: The throttle query failed: 42P01: relation \"load_flags\" does not exist (query: SELECT busy FROM load_flags)", line.Trim());
            Assert.Equal(before, await DatabaseDump.ReadAsync(cs));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task ABlankQuery_IsBadInput()
    {
        var run = await CliRun.InvokeAsync("expand", "-a", Release, "-c", "Host=localhost;Username=x", "--throttle-query", " ");

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Equal("error: --throttle-query needs a query that answers true (wait) or false (go).", run.Error.Trim());
    }
}
