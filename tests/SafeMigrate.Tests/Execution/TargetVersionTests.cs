using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// A target version (<c>--to</c>): expand and contract act on the migrations up to it, rollback on those above it, for
/// several releases in flight. Release 2 of the ReleaseMigrations fixture (migrations 2 to 8) on a real database.
/// </summary>
public sealed class TargetVersionTests
{
    private static readonly IReadOnlyList<MigrationUnit> Release2 = MigrationUnit.FromAssembly(MigrationAssembly.Load(FixtureAssemblies.Get("ReleaseMigrations"), ["release2"]));

    [Fact]
    public async Task ExpandTo_ExpandsTheMigrationsUpToIt_TheLaterOnesStayPending()
    {
        var connectionString = await InstalledAsync("to_expand");

        await new SafeMigrator(connectionString).ExpandAsync(Release2, toVersion: 3);

        Assert.Equal(
            "1 contracted, 2 expanded, 3 expanded, 4 pending, 5 pending, 6 pending, 7 pending, 8 pending",
            await PhasesAsync(connectionString));
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'status'"));
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_customers_name'"));
    }

    [Fact]
    public async Task ContractTo_WhileALaterMigrationIsExpanded_ContractsOnlyUpToIt_AndTheRestFinishesLater()
    {
        var connectionString = await InstalledAsync("to_contract");
        await new SafeMigrator(connectionString).ExpandAsync(Release2, toVersion: 4);

        await new SafeMigrator(connectionString).ContractAsync(Release2, toVersion: 3);

        Assert.Equal(
            "1 contracted, 2 contracted, 3 contracted, 4 expanded, 5 pending, 6 pending, 7 pending, 8 pending",
            await PhasesAsync(connectionString));
        // 2's contract dropped the old name; 4's index, still expanded, is there.
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'email'"));
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_customers_name'"));

        await new SafeMigrator(connectionString).ExpandAsync(Release2);
        await new SafeMigrator(connectionString).ContractAsync(Release2);
        Assert.Equal(
            "1 contracted, 2 contracted, 3 contracted, 4 contracted, 5 contracted, 6 contracted, 7 contracted, 8 contracted",
            await PhasesAsync(connectionString));
    }

    [Fact]
    public async Task ContractTo_WaitsOnlyForInstancesBuiltBeforeTheTarget()
    {
        var connectionString = await InstalledAsync("to_drain");
        await new SafeMigrator(connectionString).ExpandAsync(Release2);
        // An instance built at migration 3: a contract of the whole release (up to 8) would wait for it.
        await new AppInstances(connectionString, DatabaseProvider.Postgres).BeatAsync(new AppInstanceBeat("v3-1", "1.3.0", 3, "web-a", TimeSpan.FromMinutes(1)), default);
        var log = new List<string>();
        var options = new SafeMigratorOptions { WaitForOlderInstances = true, DrainTimeout = TimeSpan.FromSeconds(1), DrainPollInterval = TimeSpan.FromMilliseconds(100), Log = log.Add };

        await new SafeMigrator(connectionString, options).ContractAsync(Release2, toVersion: 3);
        var blocked = await Assert.ThrowsAsync<BlockedException>(() => new SafeMigrator(connectionString, options).ContractAsync(Release2, toVersion: 4));

        Assert.DoesNotContain(log, l => l.Contains("built before migration 3", StringComparison.Ordinal));
        Assert.StartsWith("1 app instance(s) built before migration 4 (1.3.0 on web-a, newest migration 3) are still running after 00:00:01", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(
            "1 contracted, 2 contracted, 3 contracted, 4 expanded, 5 expanded, 6 expanded, 7 expanded, 8 expanded",
            await PhasesAsync(connectionString));
    }

    [Fact]
    public async Task RollbackTo_UndoesOnlyTheExpandsAboveIt()
    {
        var connectionString = await InstalledAsync("to_rollback");
        await new SafeMigrator(connectionString).ExpandAsync(Release2);

        await new SafeMigrator(connectionString).RollbackAsync(Release2, toVersion: 3);

        Assert.Equal(
            "1 contracted, 2 expanded, 3 expanded, 4 pending, 5 pending, 6 pending, 7 pending, 8 pending",
            await PhasesAsync(connectionString));
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_customers_name'"));
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'email_address'"));
    }

    [Fact]
    public async Task RollbackTo_BelowAContractedMigration_IsRefused_AndChangesNothing()
    {
        var connectionString = await InstalledAsync("to_rollback_contracted");
        await new SafeMigrator(connectionString).ExpandAsync(Release2, toVersion: 4);
        await new SafeMigrator(connectionString).ContractAsync(Release2, toVersion: 3);
        var before = await DatabaseDump.ReadAsync(connectionString);

        var error = await Assert.ThrowsAsync<RefusedException>(() => new SafeMigrator(connectionString).RollbackAsync(Release2, toVersion: 2));

        Assert.Equal("Migration 3, above 2, is contracted: rollback cannot return below it, so nothing was rolled back. Roll back to 3 or later.", error.Message);
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
    }

    [Theory]
    [InlineData("expand")]
    [InlineData("contract")]
    [InlineData("rollback")]
    public async Task ATargetThatNamesNoMigration_IsBadInput_AndChangesNothing(string command)
    {
        var connectionString = await InstalledAsync("to_unknown_" + command);
        await new SafeMigrator(connectionString).ExpandAsync(Release2, toVersion: 3);
        var before = await DatabaseDump.ReadAsync(connectionString);
        var migrator = new SafeMigrator(connectionString);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => command switch
        {
            "expand" => migrator.ExpandAsync(Release2, toVersion: 9),
            "contract" => migrator.ContractAsync(Release2, toVersion: 9),
            _ => migrator.RollbackAsync(Release2, toVersion: 9),
        });

        Assert.Equal("No migration has version 9 (they run from 1 to 8): the target version must be one of the migrations'.", error.Message);
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
    }

    /// <summary>Release 1 (migration 1, untagged) installed on a new database.</summary>
    private static async Task<string> InstalledAsync(string hint)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        await new SafeMigrator(connectionString).ExpandAsync(MigrationUnit.FromAssembly(MigrationAssembly.Load(FixtureAssemblies.Get("ReleaseMigrations"))));
        return connectionString;
    }

    private static async Task<string> PhasesAsync(string connectionString)
    {
        var all = MigrationUnit.FromAssembly(MigrationAssembly.Load(FixtureAssemblies.Get("ReleaseMigrations"), ["release2"]));
        var phases = await new SafeMigrator(connectionString).StatusAsync(all);
        return string.Join(", ", phases.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value.ToString().ToLowerInvariant()}"));
    }
}
