using System.Text.Json;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary><c>--pg-version</c> on an offline <c>plan</c> and <c>check</c>: the plan is written for that release, and below 12 it is refused.</summary>
public sealed class PlanPostgresVersionTests
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task Plan_PgVersion18_NativeNotNullNotValidThenValidate()
    {
        var contract = await ContractSqlAsync("--pg-version", "18");
        Assert.Contains(contract, sql => sql.Contains("ADD NOT NULL \"email_address\" NOT VALID", StringComparison.Ordinal));
        Assert.DoesNotContain(contract, sql => sql.Contains("CHECK (\"email_address\" IS NOT NULL)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_NoPgVersion_SameAsNewest()
    {
        Assert.Equal(await ContractSqlAsync("--pg-version", "18"), await ContractSqlAsync());
    }

    [Theory]
    [InlineData("12")]
    [InlineData("17")]
    public async Task Plan_PgVersionBefore18_CheckRecipe(string version)
    {
        var contract = await ContractSqlAsync("--pg-version", version);
        Assert.Contains(contract, sql => sql.Contains("CHECK (\"email_address\" IS NOT NULL) NOT VALID", StringComparison.Ordinal));
        Assert.DoesNotContain(contract, sql => sql.Contains("ADD NOT NULL \"email_address\" NOT VALID", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plan", "11")]
    [InlineData("check", "11")]
    [InlineData("plan", "9.6")]
    [InlineData("check", "eighteen")]
    public async Task PgVersionUnsupported_Exit2OneLine(string command, string version)
    {
        var run = await CliRun.InvokeAsync(command, "-a", Release, "-p", "postgres", "--pg-version", version);
        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Equal(string.Empty, run.Output);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("PostgreSQL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PgVersion12_Passes()
    {
        var run = await CliRun.InvokeAsync("check", "-a", Release, "-p", "postgres", "--tag", "release2", "--pg-version", "12");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
    }

    private static async Task<List<string>> ContractSqlAsync(params string[] extra)
    {
        var run = await CliRun.InvokeAsync(["plan", "-a", Release, "-p", "postgres", "--tag", "release2", "--format", "json", .. extra]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        return json.RootElement.GetProperty("migrations").EnumerateArray()
            .SelectMany(m => m.GetProperty("steps").EnumerateArray())
            .Where(s => s.GetProperty("phase").GetString() == "contract" && s.GetProperty("sql").ValueKind == JsonValueKind.String)
            .Select(s => s.GetProperty("sql").GetString()!)
            .ToList();
    }
}
