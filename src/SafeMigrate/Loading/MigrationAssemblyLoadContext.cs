using System.Reflection;
using System.Runtime.Loader;
using SafeMigrate.Errors;

namespace SafeMigrate.Loading;

/// <summary>
/// Loads a migrations assembly and the dependencies in its output folder without disturbing the tool.
/// </summary>
/// <remarks>
/// Assemblies the tool itself ships (FluentMigrator, Microsoft.Extensions.*, the database drivers, the framework)
/// are shared with the tool, so the migrations build their expressions with the tool's FluentMigrator and
/// the planner can read them as its own types. A second copy of FluentMigrator from the migrations' folder
/// would give two incompatible <c>IMigration</c> types: that is the clash this context avoids. Every other
/// dependency (a team's base-class library, helpers, packages the tool does not have) is loaded from the
/// migrations' folder, as its deps.json describes. When the migrations need a newer version of a shared
/// assembly than the tool has, FluentMigrator is refused with a clear message and any other assembly is
/// loaded privately from the migrations' folder.
/// </remarks>
internal sealed class MigrationAssemblyLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> ToolAssemblies = new(ReadToolAssemblies);

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;

    public MigrationAssemblyLoadContext(string mainAssemblyPath)
        : base($"SafeMigrate migrations: {Path.GetFileName(mainAssemblyPath)}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _directory = Path.GetDirectoryName(mainAssemblyPath)!;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null)
        {
            return null;
        }

        if (ToolAssemblies.Value.TryGetValue(name, out var toolPath))
        {
            var toolVersion = AssemblyName.GetAssemblyName(toolPath).Version;
            if (assemblyName.Version is null || toolVersion is null || assemblyName.Version <= toolVersion)
            {
                return null; // the default context gives the tool's copy
            }

            if (name.StartsWith("FluentMigrator", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidInputException(
                    $"The migrations were built against {name} {assemblyName.Version}, newer than this tool's " +
                    $"{toolVersion}: update dotnet-safe-migrate, or build the migrations against FluentMigrator {toolVersion}.");
            }
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var candidate = Path.Combine(_directory, name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>The assemblies the running process resolves itself: the framework and the tool's own dependencies.</summary>
    private static IReadOnlyDictionary<string, string> ReadToolAssemblies()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            result.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        return result;
    }
}
