namespace ZeroDowntime.Releasing;

/// <summary>
/// The usual way: FluentMigrator's MigrateUp applies release 2 as written while v1 still serves, then the
/// switch to v2. Nothing is left to do after v1 has stopped.
/// </summary>
public sealed class PlainFluentMigratorRelease(string migrationsAssembly) : IReleaseStrategy
{
    public string Name => "plain FluentMigrator";

    public string Slug => "plain";

    public string MigrationPhase => "MigrateUp";

    public string FinalPhase => "v2 only";

    public bool FinishesAfterOldVersionStopped => false;

    /// <summary>A team that does not use SafeMigrate: the apps register none of it.</summary>
    public IReadOnlyDictionary<string, string> AppEnvironment { get; } = new Dictionary<string, string> { ["SafeMigrate__Enabled"] = "false" };

    public bool MigratesInTheApp => false;

    public Task MigrateBeforeSwitchAsync(string connectionString, CancellationToken cancellationToken) =>
        FluentMigratorRunner.MigrateUpAsync(connectionString, migrationsAssembly, targetVersion: null, cancellationToken);

    public Task FinishAfterOldVersionStoppedAsync(string connectionString, CancellationToken cancellationToken) => Task.CompletedTask;
}
