using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeMigrate.Errors;

namespace SafeMigrate.Hosting;

/// <summary>
/// Expands this version's pending migrations before the host starts (<see cref="IHostedLifecycleService.StartingAsync"/>
/// runs before any hosted service, the web server included, starts): the first instance to start takes the migration
/// lock and expands; instances starting meanwhile wait for the lock and then find nothing left to do; an instance whose
/// migrations are already expanded starts at once without taking the lock. A failed expand fails the host's start,
/// so an orchestrator keeps the old version serving; its checkpoints let the next start resume.
/// </summary>
internal sealed class ExpandAtStartupService(
    SafeMigrateHostingOptions options, AppMigrations migrations, AppInstances instances, ILogger<ExpandAtStartupService> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ExpandOrWaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SafeMigrateException e)
        {
            logger.LogCritical("SafeMigrate: expand failed, so this instance does not start: {Reason}", OneLine(e.Message));
            throw;
        }
    }

    private async Task ExpandOrWaitAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.StartupLockWait;
        var waited = false;
        while (true)
        {
            var readiness = SchemaReadiness.Of(await instances.ReadMigrationsAsync(cancellationToken).ConfigureAwait(false), migrations.Versions, migrations.Newest);
            if (readiness.Ready)
            {
                logger.LogInformation("SafeMigrate: schema ready for this version ({Reason}){Waited}", readiness.Reason, waited ? " after waiting for another run" : "");
                return;
            }

            if (!readiness.Behind)
            {
                // The schema is ahead of this version (a newer release was contracted): expanding cannot help.
                logger.LogWarning("SafeMigrate: {Reason}; this instance starts and its health check reports it", readiness.Reason);
                return;
            }

            if (!options.ExpandAtStartup)
            {
                logger.LogWarning("SafeMigrate: {Reason}; expand at startup is off, so this instance starts and its health check reports it", readiness.Reason);
                return;
            }

            try
            {
                // Which migrations ran steps here: between the read above and taking the lock, another instance may
                // have finished, and then this expand finds nothing to do.
                var ran = new HashSet<long>();
                await new SafeMigrator(options.ConnectionString!, migrations.Provider, MigratorOptions(ran)).ExpandAsync(migrations.Units, cancellationToken).ConfigureAwait(false);
                if (ran.Count > 0)
                {
                    logger.LogInformation("SafeMigrate: expanded {Count} migration(s) up to {Newest}", ran.Count, migrations.Newest);
                }
                else
                {
                    logger.LogInformation("SafeMigrate: schema ready for this version (every migration up to {Newest} is expanded){Waited}", migrations.Newest, waited ? " after waiting for another run" : "");
                }

                return;
            }
            catch (BlockedException e) when (DateTime.UtcNow < deadline)
            {
                if (!waited)
                {
                    logger.LogInformation("SafeMigrate: waiting up to {Wait} for another run to finish: {Reason}", options.StartupLockWait, e.Message);
                    waited = true;
                }

                await Task.Delay(options.StartupPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Execution.SafeMigratorOptions MigratorOptions(HashSet<long> ran) => options.Migrator with
    {
        Log = line => logger.LogInformation("SafeMigrate: {Line}", line),
        StepStarted = start =>
        {
            ran.Add(start.Version);
            logger.LogInformation("SafeMigrate: {Version} {Phase} [{Index}/{Count}] {Description}", start.Version, start.Phase, start.Index + 1, start.Count, start.Step.Description);
        },
    };

    /// <summary>A refusal lists its reasons on lines of their own; a log line that an orchestrator shows must hold them all.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
