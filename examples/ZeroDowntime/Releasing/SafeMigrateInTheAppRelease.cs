using SafeMigrate;
using SafeMigrate.Execution;
using SafeMigrate.Loading;

namespace ZeroDowntime.Releasing;

/// <summary>
/// SafeMigrate inside the app (SafeMigrate.Hosting): v2 expands at its own startup while v1 serves, the proxy switches
/// to v2 once v2's health check says its schema is ready, and contract, started at the switch, waits until no instance
/// of v1 beats its heartbeat any more (v1 removes it once SIGTERM has let its last requests finish).
/// </summary>
public sealed class SafeMigrateInTheAppRelease(string migrationsAssembly, Action<string> log) : IReleaseStrategy
{
    public string Name => "SafeMigrate in the app";

    public string Slug => "hosting";

    public string MigrationPhase => "v2 expands";

    public string FinalPhase => "contract";

    public bool FinishesAfterOldVersionStopped => true;

    public IReadOnlyDictionary<string, string> AppEnvironment { get; } = new Dictionary<string, string>
    {
        ["SafeMigrate__Enabled"] = "true",
        ["SafeMigrate__ExpandAtStartup"] = "true",
    };

    public bool MigratesInTheApp => true;

    /// <summary>Nothing: v2's startup expands (see <see cref="MigratesInTheApp"/>).</summary>
    public Task MigrateBeforeSwitchAsync(string connectionString, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What <c>dotnet safe-migrate contract --wait-for-drain</c> runs: contract once no older instance beats.</summary>
    public async Task FinishAfterOldVersionStoppedAsync(string connectionString, CancellationToken cancellationToken)
    {
        using var assembly = MigrationAssembly.Load(migrationsAssembly);
        var migrator = new SafeMigrator(connectionString, new SafeMigratorOptions
        {
            WaitForOlderInstances = true,
            DrainTimeout = TimeSpan.FromMinutes(1),
            Log = log,
        });
        await migrator.ContractAsync(MigrationUnit.FromAssembly(assembly), cancellationToken);
    }
}
