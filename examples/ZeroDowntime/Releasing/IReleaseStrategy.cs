namespace ZeroDowntime.Releasing;

/// <summary>
/// How a release changes the schema around the switch from app v1 to app v2: one part while v1 still
/// serves (before v2 starts), one part once v1 has stopped.
/// </summary>
public interface IReleaseStrategy
{
    /// <summary>The run's name in the report ("SafeMigrate", "plain FluentMigrator").</summary>
    string Name { get; }

    /// <summary>A short lower-case name, used in database and log names.</summary>
    string Slug { get; }

    /// <summary>The name of the phase in which <see cref="MigrateBeforeSwitchAsync"/> runs.</summary>
    string MigrationPhase { get; }

    /// <summary>The name of the last phase, in which <see cref="FinishAfterOldVersionStoppedAsync"/> runs.</summary>
    string FinalPhase { get; }

    /// <summary>Runs while app v1 serves traffic, before v2 starts (SafeMigrate: expand).</summary>
    Task MigrateBeforeSwitchAsync(string connectionString, CancellationToken cancellationToken);

    /// <summary>Whether anything is left to do once v1 has stopped (SafeMigrate: contract; plain: nothing).</summary>
    bool FinishesAfterOldVersionStopped { get; }

    /// <summary>Runs under v2's traffic once v1 has stopped (SafeMigrate: contract).</summary>
    Task FinishAfterOldVersionStoppedAsync(string connectionString, CancellationToken cancellationToken);

    /// <summary>What both app processes are told about SafeMigrate.Hosting (environment variables: SafeMigrate__Enabled, SafeMigrate__ExpandAtStartup).</summary>
    IReadOnlyDictionary<string, string> AppEnvironment { get; }

    /// <summary>
    /// True: v2 migrates at its own startup (SafeMigrate.Hosting), so the migration phase starts v2 instead of running
    /// <see cref="MigrateBeforeSwitchAsync"/>, and <see cref="FinishAfterOldVersionStoppedAsync"/> starts at the switch,
    /// before v1 gets SIGTERM, and itself waits until v1 is gone (its heartbeat).
    /// </summary>
    bool MigratesInTheApp { get; }
}
