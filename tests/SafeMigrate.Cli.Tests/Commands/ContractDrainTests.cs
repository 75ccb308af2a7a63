using System.Diagnostics;
using System.Text.Json;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Commands;

/// <summary><c>contract --wait-for-drain</c> with no pattern, on the heartbeats of app instances, and <c>status</c> listing them.</summary>
public sealed class ContractDrainTests
{
    private static string Release => FixtureAssemblies.Get("ReleaseMigrations");

    [Fact]
    public async Task Status_ListsTheLiveInstances_InTextAndJson()
    {
        var connectionString = await ExpandedReleaseAsync("status_instances");
        await Beat(connectionString, "old-1", "1.4.0", 1, "web-a", TimeSpan.FromMinutes(1));
        await Beat(connectionString, "new-1", "2.0.0", 8, "web-b", TimeSpan.FromMinutes(1));
        await Beat(connectionString, "dead-1", "1.3.0", 1, "web-c", TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);

        var text = await CliRun.InvokeAsync("status", "-c", connectionString);
        var json = await CliRun.InvokeAsync("status", "-c", connectionString, "--format", "json");

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        var lines = text.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipWhile(l => !l.StartsWith("Running app instances", StringComparison.Ordinal)).ToList();
        Assert.Equal("Running app instances (2, from their heartbeats):", lines[0]);
        Assert.Matches(@"^  APP VERSION\s+NEWEST MIGRATION\s+HOST\s+LAST SEEN$", lines[1]);
        Assert.Matches(@"^  1\.4\.0\s+1\s+web-a\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", lines[2]);
        Assert.Matches(@"^  2\.0\.0\s+8\s+web-b\s+", lines[3]);
        Assert.Equal(4, lines.Count);

        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        using var document = JsonDocument.Parse(json.Output);
        var instances = document.RootElement.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(["1.4.0 1 web-a", "2.0.0 8 web-b"], instances.Select(i =>
            $"{i.GetProperty("appVersion").GetString()} {i.GetProperty("newestMigration").GetInt64()} {i.GetProperty("host").GetString()}"));
    }

    [Fact]
    public async Task WaitForDrainAlone_WaitsForTheOldInstancesBeat_ThenContracts()
    {
        var connectionString = await ExpandedReleaseAsync("drain_cli");
        // An old instance's last beat, as one killed without a clean stop leaves it; it counts for three seconds.
        await Beat(connectionString, "old-1", "1.4.0", 1, "web-a", TimeSpan.FromSeconds(3));
        await Beat(connectionString, "new-1", "2.0.0", 8, "web-b", TimeSpan.FromMinutes(1));
        var started = Stopwatch.StartNew();

        var run = await CliRun.InvokeAsync("contract", "-a", Release, "--tag", "release2", "-c", connectionString, "--wait-for-drain");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(2.5), $"contract did not wait: {started.Elapsed}");
        Assert.True(run.Error.Contains("waiting for the old version to leave: 1 app instance(s) built before migration 8 (1.4.0 on web-a, newest migration 1) are still running", StringComparison.Ordinal), run.ToString());
        Assert.Equal(MigrationPhase.Contracted, (await Phases(connectionString))[8]);
    }

    [Fact]
    public async Task WaitForDrainAlone_GivesUpAfterTheTimeout_WithExit4_AndContractsNothing()
    {
        var connectionString = await ExpandedReleaseAsync("drain_cli_timeout");
        await Beat(connectionString, "old-1", "1.4.0", 1, "web-a", TimeSpan.FromMinutes(1));

        var run = await CliRun.InvokeAsync("contract", "-a", Release, "--tag", "release2", "-c", connectionString, "--wait-for-drain", "--drain-timeout", "1");

        Assert.True(run.ExitCode == ExitCodes.Blocked, run.ToString());
        Assert.True(run.Error.Contains("1 app instance(s) built before migration 8 (1.4.0 on web-a, newest migration 1) are still running after 00:00:01: the old version is not gone.", StringComparison.Ordinal), run.ToString());
        Assert.All((await Phases(connectionString)).Where(p => p.Key >= 2), p => Assert.Equal(MigrationPhase.Expanded, p.Value));
    }

    [Fact]
    public async Task WaitForDrainWithAPattern_StillWaitsOnApplicationNames_NotOnHeartbeats()
    {
        var connectionString = await ExpandedReleaseAsync("drain_cli_pattern");
        await Beat(connectionString, "old-1", "1.4.0", 1, "web-a", TimeSpan.FromMinutes(1));

        var run = await CliRun.InvokeAsync("contract", "-a", Release, "--tag", "release2", "-c", connectionString, "--wait-for-drain", "nobody-*");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(MigrationPhase.Contracted, (await Phases(connectionString))[8]);
    }

    [Fact]
    public async Task ANonPositiveDrainTimeout_IsBadInput()
    {
        var run = await CliRun.InvokeAsync("contract", "-a", Release, "-c", "Host=localhost;Username=x", "--wait-for-drain", "--drain-timeout", "0");

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Equal("error: --drain-timeout must be a positive number of seconds.", run.Error.Trim());
    }

    /// <summary>Release 1 installed, then release 2 (migrations 2 to 8) expanded: ready to contract.</summary>
    private static async Task<string> ExpandedReleaseAsync(string hint)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        var install = await CliRun.InvokeAsync("expand", "-a", Release, "-c", connectionString);
        Assert.True(install.ExitCode == ExitCodes.Success, install.ToString());
        var expand = await CliRun.InvokeAsync("expand", "-a", Release, "--tag", "release2", "-c", connectionString);
        Assert.True(expand.ExitCode == ExitCodes.Success, expand.ToString());
        return connectionString;
    }

    private static Task Beat(string connectionString, string id, string version, long newest, string host, TimeSpan expiry) =>
        new AppInstances(connectionString, DatabaseProvider.Postgres).BeatAsync(new AppInstanceBeat(id, version, newest, host, expiry), default);

    private static async Task<IReadOnlyDictionary<long, MigrationPhase>> Phases(string connectionString) =>
        await new SafeMigrator(connectionString).StatusAsync(MigrationUnit.FromAssembly(MigrationAssembly.Load(Release, ["release2"])));
}
