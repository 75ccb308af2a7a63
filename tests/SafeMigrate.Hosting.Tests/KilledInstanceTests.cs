using System.Diagnostics;
using SafeMigrate.Execution;
using SafeMigrate.Hosting.Tests.Migrations;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SafeMigrate.Hosting.Tests;

/// <summary>A version-1 instance running as its own process, killed with SIGKILL: contract stops counting it once its beat expires.</summary>
public sealed class KilledInstanceTests(ITestOutputHelper output)
{
    /// <summary>What the fixture app's beat counts (tests/Fixtures/HeartbeatApp).</summary>
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AnInstanceKilledWithoutACleanStop_StopsCountingOnceItsBeatExpires()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("killed", rows: 10);
        await using (var v2 = TestApps.Build(connectionString, version: 2))
        {
            await v2.StartAsync();
        }

        using var v1 = StartV1(connectionString);
        try
        {
            await KillWhileContractWaitsAsync(connectionString, v1);
        }
        finally
        {
            if (!v1.HasExited)
            {
                v1.Kill();
            }
        }
    }

    private async Task KillWhileContractWaitsAsync(string connectionString, Process v1)
    {
        var started = await v1.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(started == "started", $"the app printed '{started}' and exited: {v1.HasExited}");
        Assert.Contains((await new SafeMigrator(connectionString).ReadStatusAsync(null)).Instances, i => i.AppVersion == "v1-process" && i.NewestMigration == 1);

        var waiting = new TaskCompletionSource();
        var contract = new SafeMigrator(connectionString, new SafeMigratorOptions
        {
            WaitForOlderInstances = true,
            DrainTimeout = TimeSpan.FromMinutes(1),
            DrainPollInterval = TimeSpan.FromMilliseconds(100),
            Log = line =>
            {
                if (line.StartsWith("waiting for the old version to leave: 1 app instance(s) built before migration 2 (v1-process on ", StringComparison.Ordinal))
                {
                    waiting.TrySetResult();
                }
            },
        }).ContractAsync(MigrationUnit.FromAssembly(MigrationAssembly.FromLoaded(typeof(M0001_CreateWidgets).Assembly)).Where(u => u.Version <= 2).ToList());
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(contract.IsCompleted, "contract did not wait while the instance beat");

        v1.Kill();
        var killed = Stopwatch.StartNew();
        await v1.WaitForExitAsync();
        await contract.WaitAsync(TimeSpan.FromSeconds(30));

        // The last beat was at most one interval (500 ms) before the kill, and counts for two seconds.
        output.WriteLine($"contract finished {killed.Elapsed.TotalSeconds:0.00} s after the SIGKILL (beat expiry {Expiry.TotalSeconds} s)");
        Assert.InRange(killed.Elapsed, Expiry - TimeSpan.FromMilliseconds(600), Expiry + TimeSpan.FromSeconds(10));
        Assert.Equal("contracted", await HostingDatabase.PhaseAsync(connectionString, 2));
        // The dead instance's row is still there, expired, for the next instance's start to prune.
        Assert.Equal(1L, await HostingDatabase.ScalarAsync(connectionString, "SELECT count(*) FROM safe_migrate.app_instances WHERE app_version = 'v1-process' AND expires_at < now()"));
    }

    private static Process StartV1(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(FixtureAssemblies.Get("HeartbeatApp"));
        start.ArgumentList.Add(connectionString);
        start.ArgumentList.Add("v1-process");
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("The fixture app did not start.");
    }
}
