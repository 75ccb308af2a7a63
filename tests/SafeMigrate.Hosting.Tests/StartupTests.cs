using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using SafeMigrate.Errors;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Hosting.Tests;

/// <summary>Instances of two app versions starting against one real PostgreSQL: who expands, who waits, when health turns healthy.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task InstancesOfBothVersionsStartingAtOnce_ExactlyOneExpands_TheOthersWaitThenStart()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("startup_race", rows: 1_000);
        var v1 = TestApps.Build(connectionString, version: 1);
        var v2s = Enumerable.Range(0, 3).Select(_ => TestApps.Build(connectionString, version: 2)).ToList();
        var apps = v2s.Prepend(v1).ToList();
        try
        {
            await Task.WhenAll(apps.Select(a => a.StartAsync()));

            var expanded = v2s.Where(a => a.Log.Any(l => l.Contains("expanded 1 migration(s) up to 2", StringComparison.Ordinal))).ToList();
            Assert.Single(expanded);
            foreach (var other in v2s.Except(expanded))
            {
                Assert.Contains(other.Log, l => l.Contains("schema ready for this version (every migration up to 2 is expanded)", StringComparison.Ordinal));
                Assert.DoesNotContain(other.Log, l => l.Contains(" expand [", StringComparison.Ordinal));
            }

            // They started while it expanded (the backfill takes seconds): they waited for its lock, not failed.
            Assert.Contains(v2s.Except(expanded), a => a.Log.Any(l => l.Contains("after waiting for another run", StringComparison.Ordinal)));

            // Version 1 needs nothing of release 2: it starts at once, neither expanding nor waiting.
            Assert.Contains(v1.Log, l => l.EndsWith("schema ready for this version (every migration up to 1 is expanded)", StringComparison.Ordinal));
            Assert.DoesNotContain(v1.Log, l => l.Contains("waiting", StringComparison.Ordinal) || l.Contains("expanded 1 migration", StringComparison.Ordinal));
            Assert.Equal("expanded", await HostingDatabase.PhaseAsync(connectionString, 2));
            foreach (var app in apps)
            {
                Assert.Equal(HealthStatus.Healthy, (await app.HealthAsync()).Status);
            }

            var instances = (await new SafeMigrator(connectionString).ReadStatusAsync(null)).Instances;
            Assert.Equal(["v1 1", "v2 2", "v2 2", "v2 2"], instances.Select(i => $"{i.AppVersion} {i.NewestMigration}"));
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Health_TurnsHealthyOnlyAfterExpand()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("health", rows: 10);
        await using var v2 = TestApps.Build(connectionString, version: 2);

        var before = await v2.HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("the schema is behind this version: migration 2 is pending", before.Entries["safe-migrate"].Description, StringComparison.Ordinal);

        await v2.StartAsync();

        var after = await v2.HealthAsync();
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Equal("every migration up to 2 is expanded", after.Entries["safe-migrate"].Description);
    }

    [Fact]
    public async Task AnInstanceWhoseMigrationsAreExpanded_StartsWithoutTakingTheLock()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("no_lock", rows: 10);
        await using (var first = TestApps.Build(connectionString, version: 2))
        {
            await first.StartAsync();
        }

        // Another run holds the migration lock (a pipeline's contract, say): an instance with nothing to expand does not wait for it.
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Providers.Postgres.PostgresMigrationLock.Key})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        // Had the instance waited for the lock, it would start only after the 60 s wait and fail; the bound is far from both.
        await using var v1 = TestApps.Build(connectionString, version: 1, sm => sm.StartupLockWait = TimeSpan.FromSeconds(60));
        var started = Stopwatch.StartNew();
        await v1.StartAsync();

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
        Assert.Contains(v1.Log, l => l.Contains("schema ready for this version (every migration up to 1 is expanded)", StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Healthy, (await v1.HealthAsync()).Status);
    }

    [Fact]
    public async Task WhileAnotherRunHoldsTheLockTooLong_TheInstanceFailsToStart_ChangingNothing()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("lock_wait", rows: 10);
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Providers.Postgres.PostgresMigrationLock.Key})", holder))
        {
            await take.ExecuteNonQueryAsync();
        }

        var before = await DatabaseDump.ReadAsync(connectionString);
        await using var v2 = TestApps.Build(connectionString, version: 2, sm => sm.StartupLockWait = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<BlockedException>(v2.StartAsync);

        Assert.Contains("holds the migration lock", error.Message, StringComparison.Ordinal);
        Assert.Contains(v2.Log, l => l.StartsWith("Information: SafeMigrate: waiting up to 00:00:01 for another run to finish", StringComparison.Ordinal));
        Assert.Contains(v2.Log, l => l.StartsWith("Critical: SafeMigrate: expand failed, so this instance does not start: Another safe-migrate run holds the migration lock", StringComparison.Ordinal));
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
    }

    [Fact]
    public async Task ARefusedExpand_StopsTheHostWithOneClearLine_AndChangesNothing()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("refused", rows: 10);
        await using (var v2 = TestApps.Build(connectionString, version: 2))
        {
            await v2.StartAsync();
        }

        var before = await DatabaseDump.ReadAsync(connectionString);
        await using var v3 = TestApps.Build(connectionString, version: 3);

        await Assert.ThrowsAsync<RefusedException>(v3.StartAsync);

        var critical = Assert.Single(v3.Log, l => l.StartsWith("Critical:", StringComparison.Ordinal));
        Assert.Contains("expand failed, so this instance does not start", critical, StringComparison.Ordinal);
        Assert.Contains("weight", critical, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", critical, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
        Assert.Equal(HealthStatus.Unhealthy, (await v3.HealthAsync()).Status);
    }
}
