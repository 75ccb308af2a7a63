using System.Reflection;
using FluentMigrator;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Conventions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using SafeMigrate.Planning;

namespace SafeMigrate.Loading;

/// <summary>
/// Collects the Up expressions of migration objects already in memory (tests, custom hosts), exactly as
/// <see cref="MigrationAssembly.CollectUpExpressions"/> does for a loaded assembly: connectionless processor of the
/// provider (PostgreSQL unless given), FluentMigrator's conventions applied.
/// </summary>
public static class MigrationInstances
{
    public static IReadOnlyList<MigrationUnit> Collect(params IMigration[] migrations) => Collect(DatabaseProvider.Postgres, migrations);

    public static IReadOnlyList<MigrationUnit> Collect(DatabaseProvider provider, params IMigration[] migrations) =>
        migrations.Select(migration => new MigrationUnit(Describe(migration), CollectOne(provider, migration, null))).ToList();

    /// <summary>
    /// The migrations as a loaded assembly gives them: each one's <c>Up()</c> runs only when a plan needs it, with its
    /// schema queries answered as the database will be when it runs.
    /// </summary>
    public static IReadOnlyList<MigrationUnit> Deferred(DatabaseProvider provider, params IMigration[] migrations) =>
        migrations.Select(migration => MigrationUnit.Deferred(Describe(migration), schema => CollectOne(provider, migration, schema))).ToList();

    private static IReadOnlyList<global::FluentMigrator.Expressions.IMigrationExpression> CollectOne(DatabaseProvider provider, IMigration migration, ISchemaQueries? schema)
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                if (provider == DatabaseProvider.SqlServer)
                {
                    runner.AddSqlServer();
                }
                else
                {
                    runner.AddPostgres();
                }
            })
            .BuildServiceProvider(validateScopes: false);
        using var scope = services.CreateScope();
        var processor = scope.ServiceProvider.GetRequiredService<IProcessorAccessor>().Processor;
        var conventions = scope.ServiceProvider.GetRequiredService<IConventionSet>();
        IQuerySchema querySchema = schema is null ? processor : new SchemaQueryProcessor(processor, schema);
        var context = new MigrationContext(querySchema, scope.ServiceProvider, connection: null);
        migration.GetUpExpressions(context);
        return context.Expressions.Apply(conventions).ToList();
    }

    private static MigrationDescriptor Describe(IMigration migration)
    {
        var type = migration.GetType();
        var attribute = type.GetCustomAttribute<MigrationAttribute>()
            ?? throw new ArgumentException($"{type.Name} has no [Migration] attribute.", nameof(migration));
        return new MigrationDescriptor(
            attribute.Version,
            string.IsNullOrWhiteSpace(attribute.Description) ? type.Name : attribute.Description,
            attribute.TransactionBehavior,
            [],
            type.FullName ?? type.Name,
            attribute.BreakingChange);
    }
}
