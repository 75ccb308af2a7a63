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

    public static IReadOnlyList<MigrationUnit> Collect(DatabaseProvider provider, params IMigration[] migrations)
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
        return migrations.Select(migration =>
        {
            var type = migration.GetType();
            var attribute = type.GetCustomAttribute<MigrationAttribute>()
                ?? throw new ArgumentException($"{type.Name} has no [Migration] attribute.", nameof(migrations));
            var context = new MigrationContext(processor, scope.ServiceProvider, connection: null);
            migration.GetUpExpressions(context);
            var descriptor = new MigrationDescriptor(
                attribute.Version,
                string.IsNullOrWhiteSpace(attribute.Description) ? type.Name : attribute.Description,
                attribute.TransactionBehavior,
                [],
                type.FullName ?? type.Name,
                attribute.BreakingChange);
            return new MigrationUnit(descriptor, context.Expressions.Apply(conventions).ToList());
        }).ToList();
    }
}
