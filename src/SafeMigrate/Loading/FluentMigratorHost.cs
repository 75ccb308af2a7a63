using System.Reflection;
using FluentMigrator;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace SafeMigrate.Loading;

/// <summary>
/// FluentMigrator's own services for one provider, configured without a connection string. FluentMigrator
/// then substitutes a <c>ConnectionlessProcessor</c> that keeps the real processor's id and aliases, so
/// <c>IfDatabase(...)</c> branches resolve exactly as they would against that server, and nothing runs.
/// </summary>
internal sealed class FluentMigratorHost : IDisposable
{
    private readonly ServiceProvider _services;

    public FluentMigratorHost(Assembly migrations, DatabaseProvider provider, IReadOnlyCollection<string>? tags = null)
    {
        Provider = provider;
        _services = new ServiceCollection()
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                // AddPostgres() registers processor id "PostgreSQL15_0" with alias "PostgreSQL" in 8.0.1
                // ("Postgres" is no alias there); AddSqlServer() registers "SqlServer2016" with alias "SqlServer".
                _ = provider switch
                {
                    DatabaseProvider.Postgres => runner.AddPostgres(),
                    DatabaseProvider.SqlServer => runner.AddSqlServer(),
                    _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
                };
                runner.ScanIn(migrations).For.Migrations();
            })
            .Configure<RunnerOptions>(options => options.Tags = tags?.ToArray() ?? [])
            .BuildServiceProvider(validateScopes: false);
        Scope = _services.CreateScope();
    }

    public DatabaseProvider Provider { get; }

    /// <summary>One scope for the host's life: FluentMigrator's services are scoped, and the loader caches its list.</summary>
    public IServiceScope Scope { get; }

    public T Get<T>() where T : notnull => Scope.ServiceProvider.GetRequiredService<T>();

    public IMigrationProcessor Processor => Get<IProcessorAccessor>().Processor;

    public void Dispose()
    {
        Scope.Dispose();
        _services.Dispose();
    }
}
