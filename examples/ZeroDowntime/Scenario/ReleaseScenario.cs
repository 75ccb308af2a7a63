using System.Diagnostics;
using Npgsql;
using ZeroDowntime.Apps;
using ZeroDowntime.Database;
using ZeroDowntime.Proxy;
using ZeroDowntime.Releasing;
using ZeroDowntime.Reporting;
using ZeroDowntime.Traffic;
using ZeroDowntime.Verification;

namespace ZeroDowntime.Scenario;

/// <summary>
/// One release of the shop under load, from a fresh database to the verified end state, in phases of
/// traffic through the proxy:
/// <list type="number">
/// <item>v1 serves;</item>
/// <item>the migration runs while v1 serves (SafeMigrate: expand; plain: MigrateUp; SafeMigrate in the app: v2 starts
/// and expands at its startup, and the phase ends once v2's health check says its schema is ready);</item>
/// <item>(rolling rollout only) v2 starts and both versions serve, each request going to either;</item>
/// <item>v2 starts (if it has not), the proxy switches to it, and v1 is stopped with SIGTERM once the
/// requests it was given have had time to finish;</item>
/// <item>v2 serves while the release finishes (SafeMigrate: contract; plain: nothing left to do; SafeMigrate in the app:
/// contract started at the switch and waited for v1's heartbeat to go, so it usually finishes in the switch phase).</item>
/// </list>
/// </summary>
public sealed class ReleaseScenario(PostgresServer server, DriverOptions options, string logDirectory, TextWriter progress)
{
    /// <summary>The last migration of release 1 (see ZeroDowntime.Migrations): applied before the traffic starts.</summary>
    public const long Release1Version = 1;

    /// <summary>
    /// How long the proxy's previous target keeps running after the switch, so that requests already
    /// forwarded to it finish before it is told to stop (a load balancer's deregistration delay).
    /// </summary>
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(2);

    /// <summary>How long v2 may take to start when it expands at startup (it answers only once expand is done).</summary>
    private static readonly TimeSpan ExpandingStartTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long v1 may take to finish its requests after SIGTERM before it is killed.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public async Task<RunReport> RunAsync(IReleaseStrategy strategy, CancellationToken cancellationToken)
    {
        var seed = new SeedData(options.Rows);
        var phases = new List<PhaseRecorder>();
        string? error = null;
        VerificationResult? verification = null;
        IReadOnlyList<string> finalSchema = [];

        Say(strategy, "creating a fresh database, applying release 1 with FluentMigrator");
        var connectionString = await server.CreateDatabaseAsync(strategy.Slug, cancellationToken);
        await FluentMigratorRunner.MigrateUpAsync(connectionString, BuildOutputs.Migrations, Release1Version, cancellationToken);
        var seeding = await ShopSeeder.SeedAsync(connectionString, seed, cancellationToken);
        Say(strategy, $"seeded {seed.Orders:N0} orders and {seed.Customers:N0} customers in {seeding.TotalSeconds:0.0} s");

        await using var v1 = await AppProcess.StartAsync("v1", BuildOutputs.AppV1, connectionString, LogDirectory(strategy), strategy.AppEnvironment, cancellationToken);
        await using var proxy = await LoadBalancer.StartAsync(v1, cancellationToken);
        Say(strategy, $"app v1 on {v1.Address} (pid {v1.ProcessId}), proxy on {proxy.Address}; traffic starts");

        var current = Begin(phases, "v1 serves", traffic: null);
        var traffic = TrafficGenerator.Start(proxy.Address, seed, options.Workers, current);
        AppProcess? v2 = null;
        try
        {
            await Task.Delay(options.Duration, cancellationToken);

            current = Begin(phases, strategy.MigrationPhase, traffic);
            Say(strategy, $"{strategy.MigrationPhase} while v1 serves");
            if (strategy.MigratesInTheApp)
            {
                var phase = current;
                await RunStepAsync(current, strategy.MigrationPhase, async () =>
                {
                    v2 = await StartV2Async(strategy, connectionString, phase, cancellationToken);
                    await v2.WaitUntilSchemaReadyAsync(cancellationToken);
                    phase.Note("v2's health check: its schema is ready");
                }, cancellationToken);
            }
            else
            {
                await RunStepAsync(current, strategy.MigrationPhase,
                    () => strategy.MigrateBeforeSwitchAsync(connectionString, cancellationToken), cancellationToken);
            }

            if (options.Rollout == Rollout.Rolling)
            {
                current = Begin(phases, "v1 + v2 serve", traffic);
                v2 ??= await StartV2Async(strategy, connectionString, current, cancellationToken);
                proxy.RouteTo(v1, v2);
                // Both serve for a whole phase from here, however long v2 took to start.
                var bothStart = Stopwatch.StartNew();
                Say(strategy, $"app v2 on {v2.Address} (pid {v2.ProcessId}); the proxy sends requests to v1 and v2 in turn");
                await Task.Delay(Remaining(bothStart), cancellationToken);
            }

            current = Begin(phases, "switch to v2", traffic);
            var phaseStart = Stopwatch.StartNew();
            v2 ??= await StartV2Async(strategy, connectionString, current, cancellationToken);
            proxy.RouteTo(v2);
            current.Note("proxy switched to v2");
            Say(strategy, $"app v2 on {v2.Address} (pid {v2.ProcessId}); proxy switched; SIGTERM to v1 in {DrainDelay.TotalSeconds:0} s");
            // In the app's flow, contract starts now and waits on its own until v1's heartbeat is gone.
            var finishing = strategy.MigratesInTheApp ? FinishInBackground(strategy, connectionString, current, cancellationToken) : null;
            await Task.Delay(DrainDelay, cancellationToken);
            var stopping = Stopwatch.StartNew();
            var graceful = await v1.StopGracefullyAsync(StopTimeout);
            current.Note(graceful
                ? $"v1 exited {stopping.Elapsed.TotalSeconds:0.0} s after SIGTERM"
                : $"v1 did not exit within {StopTimeout.TotalSeconds:0} s of SIGTERM and was killed");
            var v1ExitedAt = Stopwatch.GetTimestamp();
            await Task.Delay(Remaining(phaseStart), cancellationToken);

            current = Begin(phases, strategy.FinalPhase, traffic);
            Say(strategy, $"{strategy.FinalPhase} while v2 serves");
            if (finishing is not null)
            {
                var finishedAt = await finishing;
                current.Note($"{strategy.FinalPhase} (started at the switch, waiting on v1's heartbeat) finished {Stopwatch.GetElapsedTime(v1ExitedAt, finishedAt).TotalSeconds:0.0} s after v1 exited");
                await Task.Delay(options.Duration, cancellationToken);
            }
            else if (strategy.FinishesAfterOldVersionStopped)
            {
                await RunStepAsync(current, strategy.FinalPhase,
                    () => strategy.FinishAfterOldVersionStoppedAsync(connectionString, cancellationToken), cancellationToken);
            }
            else
            {
                await Task.Delay(options.Duration, cancellationToken);
            }
        }
        catch (ReleaseStepException e)
        {
            error = e.Message;
            Say(strategy, "stopped early: " + e.Message);
        }
        finally
        {
            var ledger = await traffic.StopAsync();
            Say(strategy, $"traffic stopped; verifying {ledger.Orders.Count + ledger.Customers.Count:N0} written rows in the database");
            try
            {
                verification = await AcknowledgedWriteVerifier.VerifyAsync(connectionString, ledger, seed, cancellationToken);
                finalSchema = await SchemaSnapshot.ReadAsync(connectionString, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                error ??= $"The end state could not be read through release 2's names: {e.Message}";
            }

            if (v2 is not null)
            {
                await v2.DisposeAsync();
            }
        }

        NpgsqlConnection.ClearAllPools();
        return RunReport.From(strategy.Name, phases, verification, finalSchema, error);
    }

    /// <summary>
    /// Starts the release's last part now, in the background (SafeMigrate in the app: contract, which waits for v1's
    /// heartbeat by itself); the task ends with the timestamp at which it finished, or a <see cref="ReleaseStepException"/>.
    /// </summary>
    private static Task<long> FinishInBackground(IReleaseStrategy strategy, string connectionString, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        phase.Note($"{strategy.FinalPhase} started; it waits until no v1 instance beats its heartbeat");
        return Task.Run(async () =>
        {
            try
            {
                await strategy.FinishAfterOldVersionStoppedAsync(connectionString, cancellationToken);
                return Stopwatch.GetTimestamp();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                phase.Note($"{strategy.FinalPhase} failed: {e.GetType().Name}: {e.Message}");
                throw new ReleaseStepException($"{strategy.FinalPhase} failed: {e.GetType().Name}: {e.Message}", e);
            }
        }, cancellationToken);
    }

    private async Task<AppProcess> StartV2Async(
        IReleaseStrategy strategy, string connectionString, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var starting = Stopwatch.StartNew();
        var v2 = await AppProcess.StartAsync("v2", BuildOutputs.AppV2, connectionString, LogDirectory(strategy), strategy.AppEnvironment, cancellationToken,
            strategy.MigratesInTheApp ? ExpandingStartTimeout : null);
        phase.Note($"v2 answered /health {starting.Elapsed.TotalSeconds:0.0} s after its start");
        return v2;
    }

    /// <summary>
    /// Runs a migration step inside a phase of traffic: a short while after the phase starts (so the phase
    /// shows traffic before, during and after it), and the phase lasts at least the configured duration and
    /// at least a second after the step.
    /// </summary>
    private async Task RunStepAsync(PhaseRecorder phase, string step, Func<Task> run, CancellationToken cancellationToken)
    {
        var phaseStart = Stopwatch.StartNew();
        var lead = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, options.Duration.Ticks / 4));
        await Task.Delay(lead, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            phase.Note($"{step} failed after {stopwatch.Elapsed.TotalSeconds:0.0} s: {e.GetType().Name}: {e.Message}");
            throw new ReleaseStepException($"{step} failed: {e.GetType().Name}: {e.Message}", e);
        }

        phase.Note($"{step} took {stopwatch.Elapsed.TotalSeconds:0.0} s");
        var remaining = Remaining(phaseStart);
        await Task.Delay(remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1), cancellationToken);
    }

    private TimeSpan Remaining(Stopwatch phaseStart)
    {
        var remaining = options.Duration - phaseStart.Elapsed;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private static PhaseRecorder Begin(List<PhaseRecorder> phases, string name, TrafficGenerator? traffic)
    {
        var phase = new PhaseRecorder(name);
        phases.Add(phase);
        traffic?.BeginPhase(phase);
        return phase;
    }

    private string LogDirectory(IReleaseStrategy strategy)
    {
        var directory = Path.Combine(logDirectory, strategy.Slug);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private void Say(IReleaseStrategy strategy, string message) =>
        progress.WriteLine($"[{DateTime.Now:HH:mm:ss}] {strategy.Name}: {message}");
}
