using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeMigrate.Errors;
using SafeMigrate.State;

namespace SafeMigrate.Hosting;

/// <summary>
/// Records, every <see cref="SafeMigrateHostingOptions.HeartbeatInterval"/>, that this instance runs: its app version and
/// the newest migration it was built with (<c>safe_migrate.app_instances</c>), so that <c>contract --wait-for-drain</c>
/// knows when no instance of the old version is left. It starts once the host has started and removes its row only
/// once the host has stopped (<see cref="IHostedLifecycleService.StoppedAsync"/>: after the web server let the requests
/// in flight finish), so contract never runs under an old instance's last requests. A failed beat is logged, not fatal:
/// the app keeps serving, and contract, not seeing it, may proceed once its earlier beat expires.
/// </summary>
internal sealed class HeartbeatService(
    SafeMigrateHostingOptions options, AppMigrations migrations, AppInstances instances, ILogger<HeartbeatService> logger) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>This process's row; a restart is a new instance.</summary>
    internal AppInstanceBeat Beat { get; } = new(
        Guid.NewGuid().ToString("N"),
        options.AppVersion ?? AppMigrations.DefaultAppVersion(),
        migrations.Newest,
        Environment.MachineName,
        options.EffectiveHeartbeatExpiry);

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await instances.PruneAsync(cancellationToken).ConfigureAwait(false);
            await instances.BeatAsync(Beat, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("SafeMigrate: heartbeat of {AppVersion} (newest migration {Newest}) every {Interval}", Beat.AppVersion, Beat.NewestMigration, options.HeartbeatInterval);
        }
        catch (DatabaseFailureException e)
        {
            logger.LogWarning("SafeMigrate: the first heartbeat failed, retrying every {Interval}: {Reason}", options.HeartbeatInterval, e.Message);
        }

        _loop = BeatUntilStoppedAsync(_stop.Token);
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        try
        {
            await instances.LeaveAsync(Beat.InstanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatabaseFailureException or OperationCanceledException)
        {
            logger.LogWarning("SafeMigrate: the heartbeat could not be removed; it expires after {Expiry}: {Reason}", Beat.Expiry, e.Message);
        }
    }

    private async Task BeatUntilStoppedAsync(CancellationToken stop)
    {
        var failing = false;
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await instances.BeatAsync(Beat, stop).ConfigureAwait(false);
                    if (failing)
                    {
                        logger.LogInformation("SafeMigrate: heartbeat recorded again");
                        failing = false;
                    }
                }
                catch (DatabaseFailureException e)
                {
                    if (!failing)
                    {
                        logger.LogWarning("SafeMigrate: heartbeat failed (retrying every {Interval}): {Reason}", options.HeartbeatInterval, e.Message);
                        failing = true;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stop.Dispose();
}
