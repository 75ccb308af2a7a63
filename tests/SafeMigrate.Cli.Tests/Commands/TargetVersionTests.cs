using System.Text.RegularExpressions;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary><c>expand --to</c>, <c>contract --to</c> and <c>rollback --to</c> on release 2 of the ReleaseMigrations fixture (migrations 2 to 8).</summary>
public sealed class TargetVersionTests
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task ContractTo3_WhileUpTo4IsExpanded_ContractsOnly2And3_AndStatusShows4StillExpanded()
    {
        var connectionString = await InstalledAsync("cli_to_contract");
        var expand = await CliRun.InvokeAsync("expand", "-a", Release, "--tag", "release2", "-c", connectionString, "--to", "4");
        Assert.True(expand.ExitCode == ExitCodes.Success, expand.ToString());

        var contract = await CliRun.InvokeAsync("contract", "-a", Release, "--tag", "release2", "-c", connectionString, "--to", "3");
        var status = await CliRun.InvokeAsync("status", "-a", Release, "--tag", "release2", "-c", connectionString);

        Assert.True(contract.ExitCode == ExitCodes.Success, contract.ToString());
        Assert.DoesNotContain(" 4 contract ", contract.Error, StringComparison.Ordinal);
        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
        Assert.Equal(
            ["1 contracted", "2 contracted", "3 contracted", "4 expanded", "5 pending", "6 pending", "7 pending", "8 pending"],
            status.Output.Split('\n').Select(l => Regex.Match(l, @"^\s+(\d+)\s+(\w+)\s")).Where(m => m.Success).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}"));
    }

    [Fact]
    public async Task RollbackTo3_UndoesTheExpandsAbove3Only()
    {
        var connectionString = await InstalledAsync("cli_to_rollback");
        var expand = await CliRun.InvokeAsync("expand", "-a", Release, "--tag", "release2", "-c", connectionString);
        Assert.True(expand.ExitCode == ExitCodes.Success, expand.ToString());

        var rollback = await CliRun.InvokeAsync("rollback", "-a", Release, "--tag", "release2", "-c", connectionString, "--to", "3", "--yes");
        var status = await CliRun.InvokeAsync("status", "-a", Release, "--tag", "release2", "-c", connectionString);

        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
        Assert.Equal(
            ["1 contracted", "2 expanded", "3 expanded", "4 pending", "5 pending", "6 pending", "7 pending", "8 pending"],
            status.Output.Split('\n').Select(l => Regex.Match(l, @"^\s+(\d+)\s+(\w+)\s")).Where(m => m.Success).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}"));
    }

    [Theory]
    [InlineData("expand")]
    [InlineData("contract")]
    [InlineData("rollback")]
    public async Task ATargetThatNamesNoMigration_IsExit2_InOneLine_AndChangesNothing(string command)
    {
        var connectionString = await InstalledAsync("cli_to_unknown_" + command);
        var expand = await CliRun.InvokeAsync("expand", "-a", Release, "--tag", "release2", "-c", connectionString, "--to", "3");
        Assert.True(expand.ExitCode == ExitCodes.Success, expand.ToString());
        var before = await DatabaseDump.ReadAsync(connectionString);

        string[] confirm = command == "rollback" ? ["--yes"] : [];
        var run = await CliRun.InvokeAsync([command, "-a", Release, "--tag", "release2", "-c", connectionString, "--to", "9", .. confirm]);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Equal("error: No migration has version 9 (they run from 1 to 8): the target version must be one of the migrations'.", run.Error.Trim());
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
    }

    /// <summary>Release 1 (migration 1, untagged) installed on a new database.</summary>
    private static async Task<string> InstalledAsync(string hint)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        var install = await CliRun.InvokeAsync("expand", "-a", Release, "-c", connectionString);
        Assert.True(install.ExitCode == ExitCodes.Success, install.ToString());
        return connectionString;
    }
}
