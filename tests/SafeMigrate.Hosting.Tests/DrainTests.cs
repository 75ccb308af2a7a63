using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SafeMigrate.Execution;
using SafeMigrate.Hosting.Tests.Migrations;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SafeMigrate.Hosting.Tests;

/// <summary>Contract waiting on the heartbeats of the old version's instances, on a real PostgreSQL.</summary>
public sealed class DrainTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Contract_WaitsWhileAnOldInstanceBeats_AndProceedsSoonAfterItStops()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("drain_clean", rows: 100);
        await using var v1 = TestApps.Build(connectionString, version: 1);
        await v1.StartAsync();
        await using var v2 = TestApps.Build(connectionString, version: 2);
        await v2.StartAsync();

        var status = await new SafeMigrator(connectionString).ReadStatusAsync(null);
        Assert.Equal(["v1 1", "v2 2"], status.Instances.Select(i => $"{i.AppVersion} {i.NewestMigration}").Order());

        var log = new StampedLog();
        var contract = ContractAsync(connectionString, log, TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(contract.IsCompleted, "contract proceeded while a v1 instance was beating");
        Assert.Equal("expanded", await HostingDatabase.PhaseAsync(connectionString, 2));
        Assert.Contains(log.Lines, l => l.StartsWith("waiting for the old version to leave: 1 app instance(s) built before migration 2 (v1 on ", StringComparison.Ordinal));

        await v1.StopAsync();
        var stopped = Stopwatch.StartNew();
        await contract;
        var drainedAfter = log.SecondsToWaitEnd(stopped);

        output.WriteLine($"contract left its drain wait {drainedAfter:0.00} s after v1 stopped (poll {Poll.TotalSeconds} s)");
        Assert.True(drainedAfter < 5, $"{drainedAfter} s");
        Assert.Equal("contracted", await HostingDatabase.PhaseAsync(connectionString, 2));
        Assert.Equal(HealthStatus.Healthy, (await v2.HealthAsync()).Status);
    }

    [Fact]
    public async Task AnInstanceThatStopsBeatingWithoutACleanStop_StopsCountingOnceItsBeatExpires()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("drain_killed", rows: 100);
        await using (var v2 = TestApps.Build(connectionString, version: 2))
        {
            await v2.StartAsync();
        }

        // What a v1 process killed with SIGKILL leaves behind: its last beat, never removed.
        var expiry = TimeSpan.FromSeconds(3);
        await new AppInstances(connectionString, DatabaseProvider.Postgres).BeatAsync(new AppInstanceBeat("killed-v1", "v1", 1, "gone-host", expiry), default);
        var beaten = Stopwatch.StartNew();

        var log = new StampedLog();
        await ContractAsync(connectionString, log, TimeSpan.FromMinutes(1));
        var drainedAfter = log.SecondsToWaitEnd(beaten);

        output.WriteLine($"contract left its drain wait {drainedAfter:0.00} s after the last beat (expiry {expiry.TotalSeconds} s)");
        Assert.InRange(drainedAfter, expiry.TotalSeconds - 0.5, expiry.TotalSeconds + 5);
        Assert.Contains(log.Lines, l => l.Contains("1 app instance(s) built before migration 2 (v1 on gone-host, newest migration 1)", StringComparison.Ordinal));
        Assert.Equal("contracted", await HostingDatabase.PhaseAsync(connectionString, 2));
    }

    [Fact]
    public async Task Contract_GivesUpAfterTheDrainTimeout_WithoutChangingAnything()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("drain_timeout", rows: 10);
        await using var v1 = TestApps.Build(connectionString, version: 1);
        await v1.StartAsync();
        await using (var v2 = TestApps.Build(connectionString, version: 2))
        {
            await v2.StartAsync();
        }

        var before = await SchemaAndRowsAsync(connectionString);
        var error = await Assert.ThrowsAsync<Errors.BlockedException>(() => Migrator(connectionString, new StampedLog(), TimeSpan.FromSeconds(1)).ContractAsync(Units()));

        Assert.StartsWith("1 app instance(s) built before migration 2 (v1 on ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("are still running after 00:00:01: the old version is not gone. Try contract again once it is.", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SchemaAndRowsAsync(connectionString));
    }

    [Fact]
    public async Task AnOldInstanceThatSurvivesTheContract_ReportsUnhealthy()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("survivor", rows: 10);
        await using (var v2 = TestApps.Build(connectionString, version: 2))
        {
            await v2.StartAsync();
        }

        await using var v1 = TestApps.Build(connectionString, version: 1);
        await v1.StartAsync();
        Assert.Equal(HealthStatus.Healthy, (await v1.HealthAsync()).Status);

        // Contract without any wait, as a pipeline that does not know about this instance would.
        await new SafeMigrator(connectionString).ContractAsync(Units());

        var health = await v1.HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.StartsWith("migration 2, newer than this version (its newest is 1), is contracted", health.Entries["safe-migrate"].Description, StringComparison.Ordinal);

        // A version-1 instance starting now (a restart) expands nothing and takes no lock: it starts, and its health says why it should not serve.
        await using var restarted = TestApps.Build(connectionString, version: 1);
        await restarted.StartAsync();
        Assert.Contains(restarted.Log, l => l.StartsWith("Warning: SafeMigrate: migration 2, newer than this version (its newest is 1), is contracted", StringComparison.Ordinal));
        Assert.DoesNotContain(restarted.Log, l => l.Contains("expanded", StringComparison.Ordinal) && l.Contains("migration(s)", StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Unhealthy, (await restarted.HealthAsync()).Status);
    }

    [Fact]
    public async Task TheOptInContractService_ContractsOnceTheOldVersionIsGone()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("auto_contract", rows: 10);
        await using var v1 = TestApps.Build(connectionString, version: 1);
        await v1.StartAsync();
        await using var v2 = TestApps.Build(connectionString, version: 2, sm =>
        {
            sm.ContractWhenDrained = true;
            sm.ContractPollInterval = TimeSpan.FromMilliseconds(300);
        });
        await v2.StartAsync();

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("expanded", await HostingDatabase.PhaseAsync(connectionString, 2));
        Assert.Contains(v2.Log, l => l.StartsWith("Debug: SafeMigrate: not contracting yet: 1 app instance(s) built before migration 2", StringComparison.Ordinal));

        await v1.StopAsync();
        var deadline = Stopwatch.StartNew();
        while (await HostingDatabase.PhaseAsync(connectionString, 2) != "contracted" && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(Poll);
        }

        Assert.Equal("contracted", await HostingDatabase.PhaseAsync(connectionString, 2));
        Assert.Contains(v2.Log, l => l.Contains("contracted up to migration 2: no instance of an older version was left", StringComparison.Ordinal));
    }

    private static IReadOnlyList<MigrationUnit> Units()
    {
        var assembly = MigrationAssembly.FromLoaded(typeof(M0001_CreateWidgets).Assembly);
        return MigrationUnit.FromAssembly(assembly).Where(u => u.Version <= 2).ToList();
    }

    /// <summary>The dump less the heartbeat table's rows, which a running instance rewrites every beat.</summary>
    private static async Task<IReadOnlyList<string>> SchemaAndRowsAsync(string connectionString) =>
        (await DatabaseDump.ReadAsync(connectionString)).Where(l => !l.StartsWith("rows safe_migrate.app_instances ", StringComparison.Ordinal)).ToList();

    private static SafeMigrator Migrator(string connectionString, StampedLog log, TimeSpan timeout) => new(connectionString, new SafeMigratorOptions
    {
        WaitForOlderInstances = true,
        DrainTimeout = timeout,
        DrainPollInterval = Poll,
        Log = log.Add,
    });

    /// <summary>Contract with the heartbeat wait, logging into <paramref name="log"/>.</summary>
    private static Task ContractAsync(string connectionString, StampedLog log, TimeSpan timeout) =>
        Migrator(connectionString, log, timeout).ContractAsync(Units());

    /// <summary>The runner's log lines, each with when it was written.</summary>
    private sealed class StampedLog
    {
        private readonly List<(long Stamp, string Line)> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.Select(l => l.Line).ToList();
                }
            }
        }

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Add((Stopwatch.GetTimestamp(), line));
            }
        }

        /// <summary>Seconds from <paramref name="since"/>'s start to the end of the drain wait (the first line after the waiting ones).</summary>
        public double SecondsToWaitEnd(Stopwatch since)
        {
            lock (_lines)
            {
                var end = _lines.SkipWhile(l => !IsWaiting(l.Line)).SkipWhile(l => IsWaiting(l.Line)).First();
                return since.Elapsed.TotalSeconds - Stopwatch.GetElapsedTime(end.Stamp).TotalSeconds;
            }
        }

        private static bool IsWaiting(string line) => line.StartsWith("waiting for the old version", StringComparison.Ordinal);
    }
}
