using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SafeMigrate.Hosting;

public static class SafeMigrateHealthChecksBuilderExtensions
{
    /// <summary>
    /// A health check that is healthy when the schema serves this app version: every migration it knows is at least
    /// expanded, and no newer migration is contracted. Needs <see cref="SafeMigrateServiceCollectionExtensions.AddSafeMigrate"/>.
    /// </summary>
    /// <param name="failureStatus">What a schema that does not serve this version reports; unhealthy by default.</param>
    public static IHealthChecksBuilder AddSafeMigrate(
        this IHealthChecksBuilder builder, string name = "safe-migrate", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null) =>
        builder.Add(new HealthCheckRegistration(
            name,
            provider => ActivatorUtilities.CreateInstance<SafeMigrateHealthCheck>(provider),
            failureStatus,
            tags));
}
