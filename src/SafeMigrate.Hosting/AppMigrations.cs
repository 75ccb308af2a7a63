using System.Reflection;
using SafeMigrate.Errors;
using SafeMigrate.Loading;

namespace SafeMigrate.Hosting;

/// <summary>
/// The migrations this app version was built with (its assemblies, tags and target version), loaded once: what it
/// expands at startup, what its health check requires, and the newest migration its heartbeat reports.
/// </summary>
internal sealed class AppMigrations : IDisposable
{
    private readonly List<MigrationAssembly> _loaded = [];

    public AppMigrations(SafeMigrateHostingOptions options)
    {
        Provider = options.Provider ?? InferProvider(options.ConnectionString!);
        var units = new List<MigrationUnit>();
        foreach (var assembly in options.MigrationAssemblies)
        {
            var loaded = MigrationAssembly.FromLoaded(assembly, options.Tags.Count == 0 ? null : options.Tags);
            _loaded.Add(loaded);
            units.AddRange(MigrationUnit.FromAssembly(loaded, Provider));
        }

        if (units.GroupBy(u => u.Version).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidInputException($"Migration version {duplicate.Key} is declared more than once across the assemblies given to ScanIn.");
        }

        Units = units.Where(u => options.TargetVersion is not { } target || u.Version <= target).OrderBy(u => u.Version).ToList();
        Newest = Units.Count == 0 ? 0 : Units[^1].Version;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>This version's migrations, by ascending version.</summary>
    public IReadOnlyList<MigrationUnit> Units { get; }

    /// <summary>The newest migration this version knows (0 when it knows none).</summary>
    public long Newest { get; }

    public IReadOnlySet<long> Versions => Units.Select(u => u.Version).ToHashSet();

    public void Dispose()
    {
        foreach (var assembly in _loaded)
        {
            assembly.Dispose();
        }
    }

    /// <summary>As <see cref="SafeMigrator"/>: PostgreSQL unless the connection string's keywords say SQL Server.</summary>
    private static DatabaseProvider InferProvider(string connectionString)
    {
        try
        {
            return DatabaseProviders.InferFromConnectionString(connectionString);
        }
        catch (InvalidInputException)
        {
            return DatabaseProvider.Postgres;
        }
    }

    internal static string DefaultAppVersion() =>
        Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? Assembly.GetEntryAssembly()?.GetName().Version?.ToString()
        ?? "unknown";
}
