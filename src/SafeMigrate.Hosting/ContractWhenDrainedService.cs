using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeMigrate.Errors;
using SafeMigrate.State;

namespace SafeMigrate.Hosting;

/// <summary>
/// The opt-in (<see cref="SafeMigrateHostingOptions.ContractWhenDrained"/>) contract from inside the app: every
/// <see cref="SafeMigrateHostingOptions.ContractPollInterval"/> it contracts this version's expanded migrations if no live
/// instance built before them is left (contract's own heartbeat check, with no wait: while one is, contract refuses
/// before touching anything and the service tries again later). Several instances may run it; the migration lock lets one
/// contract and the others find nothing left.
/// </summary>
internal sealed class ContractWhenDrainedService(
    SafeMigrateHostingOptions options, AppMigrations migrations, AppInstances instances, ILogger<ContractWhenDrainedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ContractPollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await TryContractAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task<bool> TryContractAsync(CancellationToken ct)
    {
        try
        {
            var phases = (await instances.ReadMigrationsAsync(ct).ConfigureAwait(false)).ToDictionary(m => m.Version, m => m.Phase);
            if (!migrations.Units.Any(u => phases.GetValueOrDefault(u.Version) is MigrationPhase.Expanded or MigrationPhase.Contracting))
            {
                return false;
            }

            var migrator = new SafeMigrator(options.ConnectionString!, migrations.Provider, options.Migrator with
            {
                WaitForOlderInstances = true,
                DrainTimeout = TimeSpan.Zero,
                Log = line => logger.LogInformation("SafeMigrate: {Line}", line),
            });
            await migrator.ContractAsync(migrations.Units, ct).ConfigureAwait(false);
            logger.LogInformation("SafeMigrate: contracted up to migration {Newest}: no instance of an older version was left", migrations.Newest);
            return true;
        }
        catch (BlockedException e)
        {
            logger.LogDebug("SafeMigrate: not contracting yet: {Reason}", e.Message);
        }
        catch (SafeMigrateException e)
        {
            logger.LogError("SafeMigrate: contract failed; it is tried again in {Interval}: {Reason}", options.ContractPollInterval, e.Message);
        }

        return false;
    }
}
