using Xunit;

namespace ZeroDowntime.Tests;

public sealed class DriverArgumentTests
{
    [Theory]
    [InlineData("--bogus")]
    [InlineData("--duration", "soon")]
    [InlineData("--duration", "0")]
    [InlineData("--rows", "10")]
    [InlineData("--workers")]
    [InlineData("--rollout", "canary")]
    [InlineData("--report")]
    public async Task BadArgument_Exit2WithMessage(params string[] arguments)
    {
        var run = await Driver.RunAsync(arguments, TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(arguments[0], run.Error);
    }

    [Fact]
    public async Task Help_Exit0WithOptions()
    {
        var run = await Driver.RunAsync(["--help"], TimeSpan.FromMinutes(1));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("--duration <seconds>", run.Output);
        Assert.Contains("--report <path>", run.Output);
    }
}
