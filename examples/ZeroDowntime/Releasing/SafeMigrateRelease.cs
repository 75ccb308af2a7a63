using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate;

namespace ZeroDowntime.Releasing;

/// <summary>
/// The SafeMigrate way, through its in-process API (what dotnet safe-migrate expand / contract run): expand
/// while v1 serves, contract once v1 has stopped. The migrations are the same plain FluentMigrator ones.
/// </summary>
public sealed class SafeMigrateRelease(string migrationsAssembly, Action<string> log) : IReleaseStrategy
{
    /// <summary>The application name of app v1's sessions (see ZeroDowntime.AppV1): contract waits until none is left.</summary>
    private const string OldVersionApplicationName = "zerodowntime-v1";

    public string Name => "SafeMigrate";

    public string Slug => "safemigrate";

    public string MigrationPhase => "expand";

    public string FinalPhase => "contract";

    public bool FinishesAfterOldVersionStopped => true;

    public IReadOnlyDictionary<string, string> AppEnvironment { get; } = new Dictionary<string, string>
    {
        ["SafeMigrate__Enabled"] = "true",
        ["SafeMigrate__ExpandAtStartup"] = "false",
    };

    public bool MigratesInTheApp => false;

    public async Task MigrateBeforeSwitchAsync(string connectionString, CancellationToken cancellationToken)
    {
        using var assembly = MigrationAssembly.Load(migrationsAssembly);
        var plan = await Migrator(connectionString).ExpandAsync(MigrationUnit.FromAssembly(assembly), cancellationToken);
        log($"expanded {plan.Migrations.Count} migration(s)");
    }

    public async Task FinishAfterOldVersionStoppedAsync(string connectionString, CancellationToken cancellationToken)
    {
        using var assembly = MigrationAssembly.Load(migrationsAssembly);
        await Migrator(connectionString).ContractAsync(MigrationUnit.FromAssembly(assembly), cancellationToken);
    }

    private SafeMigrator Migrator(string connectionString) => new(connectionString, new SafeMigratorOptions
    {
        WaitForDrainPattern = OldVersionApplicationName,
        DrainTimeout = TimeSpan.FromMinutes(1),
        Log = log,
    });
}
