using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary>
/// expand, contract, rollback, status and plan take SQL Server connections. No SQL Server runs here, so each command is
/// pointed at a closed port: it must go to SQL Server (SqlClient's connection error, exit 3), not refuse the provider,
/// and never print the password.
/// </summary>
public class SqlServerCommandsTests
{
    private const string Password = "hunter22-secret";

    private const string Unreachable = $"Data Source=127.0.0.1,1;Initial Catalog=shop;User ID=sa;Password={Password};Connect Timeout=2;Encrypt=false";

    [Theory]
    [InlineData("expand")]
    [InlineData("contract")]
    [InlineData("rollback", "--yes")]
    [InlineData("status")]
    [InlineData("plan")]
    public async Task SqlClientConnection_GoesToSqlServer(string command, params string[] extra)
    {
        var run = await CliRun.InvokeAsync([command, "-a", FixtureAssemblies.Get("SqlServerRelease"), "-c", Unreachable, .. extra]);

        Assert.True(run.ExitCode == ExitCodes.DatabaseFailure, run.ToString());
        Assert.Contains("Cannot connect to SQL Server at 127.0.0.1,1/shop", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PostgreSQL", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderOption_ChoosesSqlServer()
    {
        var run = await CliRun.InvokeAsync("expand", "-p", "sqlserver", "-a", FixtureAssemblies.Get("SqlServerRelease"), "-c", Unreachable);

        Assert.True(run.ExitCode == ExitCodes.DatabaseFailure, run.ToString());
        Assert.Contains("Cannot connect to SQL Server", run.Error, StringComparison.Ordinal);
    }
}
