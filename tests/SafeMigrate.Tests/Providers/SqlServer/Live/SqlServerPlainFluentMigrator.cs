using FluentMigrator;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using SafeMigrate.Planning;
using SafeMigrate.Loading;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// Applies migrations the way FluentMigrator's runner does on SQL Server: each migration's expressions through the
/// SQL Server 2016 processor (the generator SafeMigrate's SQL Server dialect uses too), in its own transaction.
/// VersionInfo is not written: the "before" schema is not a migration of the release.
/// </summary>
internal static class SqlServerPlainFluentMigrator
{
    public static void Apply(string connectionString, IReadOnlyList<MigrationUnit> migrations)
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner.AddSqlServer2016().WithGlobalConnectionString(connectionString))
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
