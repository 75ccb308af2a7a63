using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SafeMigrate.Hosting;

/// <summary>Registers SafeMigrate in an app built on Microsoft.Extensions.Hosting.</summary>
public static class SafeMigrateServiceCollectionExtensions
{
    /// <summary>
    /// Expand at startup (unless turned off), the heartbeat of this instance, and (opt-in) contract once the old version
    /// is gone. Add the health check with <c>services.AddHealthChecks().AddSafeMigrate()</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddSafeMigrate(sm => sm
    ///     .UsePostgres(builder.Configuration.GetConnectionString("Shop")!)
    ///     .ScanIn(typeof(M0001_InitialSchema).Assembly)
    ///     .WithAppVersion("2.4.0"));
    /// </code>
    /// </example>
    /// <exception cref="InvalidOperationException">The connection string or the migrations are missing.</exception>
    public static IServiceCollection AddSafeMigrate(this IServiceCollection services, Action<SafeMigrateHostingOptions> configure)
    {
        var options = new SafeMigrateHostingOptions();
        configure(options);
        options.Validate();

        services.AddSingleton(options);
        services.TryAddSingleton(provider => new AppMigrations(provider.GetRequiredService<SafeMigrateHostingOptions>()));
        services.TryAddSingleton(provider =>
        {
            var migrations = provider.GetRequiredService<AppMigrations>();
            return new AppInstances(provider.GetRequiredService<SafeMigrateHostingOptions>().ConnectionString!, migrations.Provider);
        });

        // Registered as hosted services in this order: the expand runs in StartingAsync, before the heartbeat starts.
        services.AddSingleton<ExpandAtStartupService>();
        services.AddHostedService(provider => provider.GetRequiredService<ExpandAtStartupService>());
        services.AddSingleton<HeartbeatService>();
        services.AddHostedService(provider => provider.GetRequiredService<HeartbeatService>());
        if (options.ContractWhenDrained)
        {
            services.AddSingleton<ContractWhenDrainedService>();
            services.AddHostedService(provider => provider.GetRequiredService<ContractWhenDrainedService>());
        }

        return services;
    }
}
