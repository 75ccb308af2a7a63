using System.Reflection;
using SafeMigrate.Execution;
using SafeMigrate.Loading;

namespace SafeMigrate.Hosting;

/// <summary>
/// How an app instance migrates and reports itself, set in <see cref="SafeMigrateServiceCollectionExtensions.AddSafeMigrate"/>
/// in FluentMigrator's style: <c>sm.UsePostgres(connectionString).ScanIn(typeof(M0001).Assembly).WithAppVersion("2.4.0")</c>.
/// </summary>
public sealed class SafeMigrateHostingOptions
{
    private readonly List<Assembly> _assemblies = [];
    private readonly List<string> _tags = [];

    public string? ConnectionString { get; set; }

    /// <summary>Null: inferred from the connection string's keywords (PostgreSQL when they do not tell).</summary>
    public DatabaseProvider? Provider { get; set; }

    /// <summary>The assemblies whose migrations this app version was built with.</summary>
    public IReadOnlyList<Assembly> MigrationAssemblies => _assemblies;

    /// <summary>Only migrations with these tags (and untagged ones), as FluentMigrator's tags.</summary>
    public IReadOnlyList<string> Tags => _tags;

    /// <summary>
    /// The newest migration this app version knows, as FluentMigrator's <c>MigrateUp(version)</c>: later migrations
    /// of the assemblies are ignored (not expanded, not counted in the heartbeat). Null: every migration.
    /// </summary>
    public long? TargetVersion { get; set; }

    /// <summary>What the heartbeat and <c>status</c> call this version. Null: the entry assembly's informational version.</summary>
    public string? AppVersion { get; set; }

    /// <summary>Expand the pending migrations before the host starts (default). Off: the instance only checks and reports.</summary>
    public bool ExpandAtStartup { get; set; } = true;

    /// <summary>How long a starting instance waits while another holds the migration lock (another instance expanding, or a pipeline's run) before it gives up and fails to start.</summary>
    public TimeSpan StartupLockWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a starting instance that waits for the lock tries again.</summary>
    public TimeSpan StartupPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the instance records its heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one beat counts: an instance killed without a clean stop stops counting after it. Null: three intervals.</summary>
    public TimeSpan? HeartbeatExpiry { get; set; }

    /// <summary>
    /// Off by default: contract is a deliberate step. On: a background service contracts this version's expanded
    /// migrations once no live instance older than them is left (see docs/hosting.md).
    /// </summary>
    public bool ContractWhenDrained { get; set; }

    /// <summary>How often the opt-in contract service looks whether the old version is gone.</summary>
    public TimeSpan ContractPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Lock timeout, batch sizes and the rest of the runner's settings for expand (and the opt-in contract).</summary>
    public SafeMigratorOptions Migrator { get; set; } = new();

    internal TimeSpan EffectiveHeartbeatExpiry => HeartbeatExpiry ?? HeartbeatInterval * 3;

    public SafeMigrateHostingOptions UsePostgres(string connectionString)
    {
        ConnectionString = connectionString;
        Provider = DatabaseProvider.Postgres;
        return this;
    }

    public SafeMigrateHostingOptions UseSqlServer(string connectionString)
    {
        ConnectionString = connectionString;
        Provider = DatabaseProvider.SqlServer;
        return this;
    }

    /// <summary>Adds assemblies whose migrations this version runs (FluentMigrator's <c>ScanIn(..).For.Migrations()</c>).</summary>
    public SafeMigrateHostingOptions ScanIn(params Assembly[] assemblies)
    {
        _assemblies.AddRange(assemblies.Where(a => !_assemblies.Contains(a)));
        return this;
    }

    public SafeMigrateHostingOptions WithTags(params string[] tags)
    {
        _tags.AddRange(tags);
        return this;
    }

    public SafeMigrateHostingOptions WithAppVersion(string appVersion)
    {
        AppVersion = appVersion;
        return this;
    }

    /// <summary>Throws with one sentence naming what is missing, at registration rather than at the first request.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("AddSafeMigrate needs a connection string: call UsePostgres(..) or UseSqlServer(..), or set ConnectionString.");
        }

        if (_assemblies.Count == 0)
        {
            throw new InvalidOperationException("AddSafeMigrate needs the migrations: call ScanIn(typeof(SomeMigration).Assembly).");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || EffectiveHeartbeatExpiry <= HeartbeatInterval)
        {
            throw new InvalidOperationException(
                $"The heartbeat expiry ({EffectiveHeartbeatExpiry}) must be longer than its interval ({HeartbeatInterval}), or every instance would blink out between beats.");
        }
    }
}
