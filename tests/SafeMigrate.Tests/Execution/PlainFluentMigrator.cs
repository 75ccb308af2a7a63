using FluentMigrator;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using SafeMigrate.Planning;
using SafeMigrate.Loading;

namespace SafeMigrate.Tests.Execution;

/// <summary>Applies migrations the way FluentMigrator's runner does: each migration's expressions through the PostgreSQL processor, in its own transaction.</summary>
internal static class PlainFluentMigrator
{
    public static void Apply(string connectionString, IReadOnlyList<MigrationUnit> migrations)
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner.AddPostgres().WithGlobalConnectionString(connectionString))
            .BuildServiceProvider(validateScopes: false);
        using var scope = services.CreateScope();
        var processor = scope.ServiceProvider.GetRequiredService<IProcessorAccessor>().Processor;
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            var transactional = migration.Descriptor.TransactionBehavior == TransactionBehavior.Default;
            if (transactional)
            {
                processor.BeginTransaction();
            }

            foreach (var expression in migration.Expressions)
            {
                expression.ExecuteWith(processor);
            }

            if (transactional)
            {
                processor.CommitTransaction();
            }
        }
    }
}
