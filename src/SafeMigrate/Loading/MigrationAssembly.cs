using System.Reflection;
using FluentMigrator;
using FluentMigrator.Exceptions;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Conventions;
using FluentMigrator.Runner.Initialization;
using FluentMigrator.Runner.Exceptions;
using FluentMigrator.Validation;
using SafeMigrate.Errors;

namespace SafeMigrate.Loading;

/// <summary>
/// A built FluentMigrator migrations assembly, loaded from a path with its dependencies, whose migrations
/// can be listed and whose Up expressions can be collected for a provider without any database.
/// </summary>
public sealed class MigrationAssembly : IDisposable
{
    private readonly Dictionary<DatabaseProvider, FluentMigratorHost> _hosts = [];
    private readonly IReadOnlyCollection<string>? _tags;
    private IReadOnlyList<string>? _maintenance;

    private MigrationAssembly(string path, Assembly assembly, IReadOnlyCollection<string>? tags)
    {
        Path = path;
        Assembly = assembly;
        _tags = tags;
        Migrations = ReadMigrations();
    }

    /// <summary>The full path the assembly was loaded from.</summary>
    public string Path { get; }

    public Assembly Assembly { get; }

    /// <summary>The public migrations FluentMigrator would run, by ascending version.</summary>
    public IReadOnlyList<MigrationDescriptor> Migrations { get; }

    /// <summary>
    /// The <c>[Maintenance(stage)]</c> classes FluentMigrator runs around the versioned migrations (before all, before
    /// or after each, after all), as "stage: class". SafeMigrate does not run them: commands report them.
    /// </summary>
    public IReadOnlyList<string> MaintenanceMigrations => _maintenance ??= Guard(Path, () =>
    {
        // FluentMigrator's maintenance loader reads IAssemblySource, which ScanIn(..).For.Migrations() leaves empty.
        var host = HostFor(DatabaseProvider.Postgres);
        var loader = new MaintenanceLoader(
            new OneAssemblySource(Assembly),
            Microsoft.Extensions.Options.Options.Create(new RunnerOptions { Tags = _tags?.ToArray() ?? [] }),
            host.Get<IMigrationRunnerConventions>(),
            host.Scope.ServiceProvider);
        return Enum.GetValues<MigrationStage>()
            .SelectMany(stage => loader.LoadMaintenance(stage).Select(info => $"{stage}: {info.Migration.GetType().FullName}"))
            .ToList();
    });

    /// <summary>
    /// Loads the migrations assembly at <paramref name="path"/>. Fails with <see cref="InvalidInputException"/>
    /// when the file is missing, is not a .NET assembly, lacks a dependency, or declares no migration.
    /// </summary>
    /// <param name="path">A built migrations assembly (its output folder holds its dependencies).</param>
    /// <param name="tags">Only migrations with these tags (and untagged ones), as FluentMigrator's <c>--tag</c>.</param>
    public static MigrationAssembly Load(string path, IReadOnlyCollection<string>? tags = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidInputException("No migrations assembly given: -a needs the path of the built migrations assembly (.dll).");
        }

        var fullPath = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new InvalidInputException($"'{path}' is a folder: pass the built migrations assembly (.dll) in it.");
        }

        if (!File.Exists(fullPath))
        {
            throw new InvalidInputException($"The migrations assembly '{path}' does not exist: build the migrations project first.");
        }

        try
        {
            AssemblyName.GetAssemblyName(fullPath);
        }
        catch (BadImageFormatException)
        {
            throw new InvalidInputException($"'{path}' is not a .NET assembly: pass the migrations project's built .dll.");
        }

        var context = new MigrationAssemblyLoadContext(fullPath);
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyPath(fullPath);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new InvalidInputException($"'{path}' could not be loaded: {e.Message}", e);
        }

        return Guard(path, () => new MigrationAssembly(fullPath, assembly, tags));
    }

    /// <summary>
    /// The migrations of an assembly the process has loaded already (an app that migrates at startup passes its own
    /// migrations assembly); it stays in the process's load context. Fails as <see cref="Load"/> does when it declares no migration.
    /// </summary>
    /// <param name="tags">Only migrations with these tags (and untagged ones), as FluentMigrator's <c>--tag</c>.</param>
    public static MigrationAssembly FromLoaded(Assembly assembly, IReadOnlyCollection<string>? tags = null)
    {
        var name = string.IsNullOrEmpty(assembly.Location) ? assembly.GetName().Name ?? "migrations" : assembly.Location;
        return Guard(name, () => new MigrationAssembly(name, assembly, tags));
    }

    /// <summary>
    /// Runs the migration's <c>Up()</c> against a connectionless processor of <paramref name="provider"/> and
    /// returns the expressions it produced, with FluentMigrator's conventions applied (default index, key
    /// and constraint names; default schema) exactly as its runner applies them before execution.
    /// Hidden expressions are included: <c>SetExistingRowsTo</c> yields create-column, update and alter-column;
    /// <c>.Indexed()</c>, <c>.Unique()</c> and <c>.ForeignKey()</c> yield their own expressions.
    /// </summary>
    /// <param name="schema">Answers the migration's schema queries (<c>Schema.Table(..).Exists()</c>) as the database will be when it runs; null: they fail.</param>
    internal IReadOnlyList<IMigrationExpression> CollectUpExpressions(MigrationDescriptor migration, DatabaseProvider provider, ISchemaQueries? schema = null)
    {
        var host = HostFor(provider);
        var info = host.Get<IMigrationInformationLoader>().LoadMigrations()[migration.Version];
        return Guard(Path, () =>
        {
            IQuerySchema querySchema = schema is null ? host.Processor : new SchemaQueryProcessor(host.Processor, schema);
            var context = new MigrationContext(querySchema, host.Scope.ServiceProvider, connection: null);
            try
            {
                info.Migration.GetUpExpressions(context);
            }
            catch (SchemaQueryUnanswerableException e)
            {
                throw new InvalidInputException($"Migration {migration.Version} ({migration.Description}) asks {e.Call}, which SafeMigrate cannot answer: {e.Reason}", e);
            }
            catch (Exception e) when (e is not SafeMigrateException)
            {
                throw new InvalidInputException(
                    $"Migration {migration.Version} ({migration.Description}) failed while its expressions were collected: " +
                    $"{e.GetType().Name}: {e.Message}. SafeMigrate plans without a database, so Up() must only describe changes.", e);
            }

            var conventions = host.Get<IConventionSet>();
            var expressions = context.Expressions.Apply(conventions).ToList();
            var errors = expressions
                .SelectMany(expression => host.Get<IMigrationExpressionValidator>().Validate(expression))
                .Select(result => result.ErrorMessage)
                .ToList();
            if (errors.Count > 0)
            {
                throw new InvalidInputException(
                    $"Migration {migration.Version} ({migration.Description}) is invalid: {string.Join(" ", errors)}");
            }

            return (IReadOnlyList<IMigrationExpression>)expressions;
        });
    }

    public void Dispose()
    {
        foreach (var host in _hosts.Values)
        {
            host.Dispose();
        }

        _hosts.Clear();
    }

    private IReadOnlyList<MigrationDescriptor> ReadMigrations()
    {
        // The list does not depend on the provider: any host will do, and the PostgreSQL one is reused later.
        var infos = HostFor(DatabaseProvider.Postgres).Get<IMigrationInformationLoader>().LoadMigrations();
        return infos.Values.Select(Describe).ToList();
    }

    private static MigrationDescriptor Describe(IMigrationInfo info)
    {
        var type = info.Migration.GetType();
        var tags = type.GetCustomAttributes<TagsAttribute>(inherit: true).SelectMany(a => a.TagNames).ToList();
        return new MigrationDescriptor(
            info.Version,
            string.IsNullOrWhiteSpace(info.Description) ? type.Name : info.Description,
            info.TransactionBehavior,
            tags,
            type.FullName ?? type.Name,
            info.IsBreakingChange);
    }

    private FluentMigratorHost HostFor(DatabaseProvider provider)
    {
        if (!_hosts.TryGetValue(provider, out var host))
        {
            host = new FluentMigratorHost(Assembly, provider, _tags);
            _hosts.Add(provider, host);
        }

        return host;
    }

    /// <summary>Turns what goes wrong while reflecting over a user's assembly into one clear sentence.</summary>
    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (MissingMigrationsException)
        {
            throw new InvalidInputException(
                $"'{path}' contains no FluentMigrator migrations: migrations are public classes with a [Migration] attribute.");
        }
        catch (DuplicateMigrationException e)
        {
            throw new InvalidInputException($"'{path}' is invalid: {e.Message}", e);
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null);
            throw new InvalidInputException(
                $"'{path}' could not be loaded: {first?.Message ?? e.Message} Build the migrations project so that its dependencies are in its output folder.", e);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidInputException(
                $"'{path}' needs '{e.FileName}', which is not in its folder: build the migrations project so that its dependencies are in its output folder.", e);
        }
        catch (TypeLoadException e)
        {
            throw new InvalidInputException($"'{path}' could not be loaded: {e.Message}", e);
        }
    }

    private sealed class OneAssemblySource(Assembly assembly) : IAssemblySource
    {
        public IReadOnlyCollection<Assembly> Assemblies { get; } = [assembly];
    }
}
