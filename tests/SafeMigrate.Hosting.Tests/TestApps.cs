using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeMigrate.Hosting.Tests.Migrations;

namespace SafeMigrate.Hosting.Tests;

/// <summary>
/// Instances of the test app as a team would write them (a generic host with AddSafeMigrate and its health check),
/// in version 1 (migration 1), 2 (up to 2) or 3 (up to 3, refused), each with its log lines captured.
/// </summary>
internal static class TestApps
{
    public static TestApp Build(string connectionString, int version, Action<SafeMigrateHostingOptions>? configure = null)
    {
        var log = new ConcurrentQueue<string>();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new CapturingLoggerProvider(log));
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSafeMigrate(sm =>
        {
            sm.UsePostgres(connectionString).ScanIn(typeof(M0001_CreateWidgets).Assembly).WithAppVersion($"v{version}");
            sm.TargetVersion = version;
            sm.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
            sm.StartupPollInterval = TimeSpan.FromMilliseconds(200);
            // Small batches with a pause: the rename's backfill takes a few seconds, so instances starting together overlap it.
            sm.Migrator = new Execution.SafeMigratorOptions { BatchSize = 50, BackfillTargetBatchDuration = null, DelayBetweenBatches = TimeSpan.FromMilliseconds(100) };
            configure?.Invoke(sm);
        });
        builder.Services.AddHealthChecks().AddSafeMigrate();
        return new TestApp(builder.Build(), log);
    }
}

internal sealed class TestApp(IHost host, ConcurrentQueue<string> log) : IAsyncDisposable
{
    public IHost Host => host;

    public IReadOnlyList<string> Log => log.ToList();

    public Task StartAsync() => host.StartAsync();

    private bool _stopped;

    public async Task StopAsync()
    {
        _stopped = true;
        await host.StopAsync();
    }

    public async Task<HealthReport> HealthAsync() => await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            try
            {
                await host.StopAsync();
            }
            catch (OperationCanceledException)
            {
            }
        }

        host.Dispose();
    }
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
