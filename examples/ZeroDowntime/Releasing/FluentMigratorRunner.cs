using System.Reflection;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;

namespace ZeroDowntime.Releasing;

/// <summary>FluentMigrator's own runner, configured the way its documentation shows, on the built migrations assembly.</summary>
public static class FluentMigratorRunner
{
    /// <summary>Applies the pending migrations up to <paramref name="targetVersion"/> (all of them when null).</summary>
    public static Task MigrateUpAsync(string connectionString, string assemblyPath, long? targetVersion, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var assembly = Assembly.LoadFrom(assemblyPath);
            using var services = new ServiceCollection()
                .AddLogging()
                .AddFluentMigratorCore()
                .ConfigureRunner(runner => runner
                    .AddPostgres()
                    .WithGlobalConnectionString(connectionString)
                    .ScanIn(assembly).For.Migrations())
                .BuildServiceProvider(validateScopes: false);
            using var scope = services.CreateScope();
            var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
            if (targetVersion is { } version)
            {
                runner.MigrateUp(version);
            }
            else
            {
                runner.MigrateUp();
            }
        }, cancellationToken);
}
