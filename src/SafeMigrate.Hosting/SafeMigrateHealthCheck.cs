using Microsoft.Extensions.Diagnostics.HealthChecks;
using SafeMigrate.Errors;

namespace SafeMigrate.Hosting;

/// <summary>
/// Healthy when the schema serves this app version (<see cref="SchemaReadiness"/>): every migration it knows is at
/// least expanded and nothing newer has been contracted. Unhealthy, with the reason, otherwise, or when the state
/// cannot be read. A proxy that switches on it sends traffic to a new instance only once its schema is there, and an old
/// instance that survived a contract reports that it should be replaced.
/// </summary>
internal sealed class SafeMigrateHealthCheck(AppMigrations migrations, AppInstances instances) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var readiness = SchemaReadiness.Of(await instances.ReadMigrationsAsync(cancellationToken).ConfigureAwait(false), migrations.Versions, migrations.Newest);
            var data = new Dictionary<string, object> { ["newestMigration"] = migrations.Newest };
            return readiness.Ready
                ? HealthCheckResult.Healthy(readiness.Reason, data)
                : new HealthCheckResult(context.Registration.FailureStatus, readiness.Reason, data: data);
        }
        catch (DatabaseFailureException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message, e);
        }
    }
}
