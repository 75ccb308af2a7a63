using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using ZeroDowntime.Apps;

namespace ZeroDowntime.Proxy;

/// <summary>
/// The load balancer in front of the shop: a YARP reverse proxy in this process, on a loopback port, that
/// forwards every request to one app version and is switched to the other at once (blue-green).
/// </summary>
public sealed class BlueGreenProxy : IAsyncDisposable
{
    private const string RouteId = "shop";
    private const string ClusterId = "shop";

    private readonly WebApplication _host;
    private readonly InMemoryConfigProvider _configuration;

    private BlueGreenProxy(WebApplication host, Uri address)
    {
        _host = host;
        Address = address;
        _configuration = host.Services.GetRequiredService<InMemoryConfigProvider>();
    }

    /// <summary>Where the clients send their requests.</summary>
    public Uri Address { get; }

    public static async Task<BlueGreenProxy> StartAsync(AppProcess destination, CancellationToken cancellationToken)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        // The clients record every failure themselves; the proxy's own log would only repeat them.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddReverseProxy().LoadFromMemory(Routes(), Clusters(destination));
        var host = builder.Build();
        host.MapReverseProxy();
        await host.StartAsync(cancellationToken);
        return new BlueGreenProxy(host, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>
    /// Sends every new request to <paramref name="destination"/>. Requests already forwarded to the previous
    /// version carry on there: stop it only after they have had time to finish.
    /// </summary>
    public void SwitchTo(AppProcess destination) => _configuration.Update(Routes(), Clusters(destination));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    private static IReadOnlyList<RouteConfig> Routes() =>
    [
        new RouteConfig { RouteId = RouteId, ClusterId = ClusterId, Match = new RouteMatch { Path = "{**path}" } },
    ];

    private static IReadOnlyList<ClusterConfig> Clusters(AppProcess destination) =>
    [
        new ClusterConfig
        {
            ClusterId = ClusterId,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [destination.Name] = new DestinationConfig { Address = destination.Address.ToString() },
            },
        },
    ];
}
