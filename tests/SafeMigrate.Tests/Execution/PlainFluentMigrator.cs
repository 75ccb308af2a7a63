using FluentMigrator;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using SafeMigrate.Planning;
using SafeMigrate.Loading;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// Applies migrations the way FluentMigrator's runner does: each migration's expressions through a processor (the
/// PostgreSQL one unless <paramref name="processor"/> picks another, e.g. SQL Server 2016's), in its own transaction.
/// VersionInfo is not written: the "before" schema of a harness case is not a migration of the release.
/// </summary>
internal static class PlainFluentMigrator
{
    public static void Apply(string connectionString, IReadOnlyList<MigrationUnit> migrations, Func<IMigrationRunnerBuilder, IMigrationRunnerBuilder>? processor = null)
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => (processor ?? (r => r.AddPostgres()))(runner).WithGlobalConnectionString(connectionString))
            .BuildServiceProvider(validateScopes: false);
        using var scope = services.CreateScope();
        var executor = scope.ServiceProvider.GetRequiredService<IProcessorAccessor>().Processor;
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            var transactional = migration.Descriptor.TransactionBehavior == TransactionBehavior.Default;
            if (transactional)
            {
                executor.BeginTransaction();
            }

            foreach (var expression in migration.Expressions)
            {
                expression.ExecuteWith(executor);
            }

            if (transactional)
            {
                executor.CommitTransaction();
            }
        }
    }
}
