using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using ZeroDowntime.Apps;

namespace ZeroDowntime.Proxy;

/// <summary>
/// The load balancer in front of the shop: a YARP reverse proxy in this process, on a loopback port, that
/// forwards requests to one app version, or round-robin to both (a rolling update), and is switched from
/// one set of destinations to the next at once.
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    private const string RouteId = "shop";
    private const string ClusterId = "shop";

    private readonly WebApplication _host;
    private readonly InMemoryConfigProvider _configuration;

    private LoadBalancer(WebApplication host, Uri address)
    {
        _host = host;
        Address = address;
        _configuration = host.Services.GetRequiredService<InMemoryConfigProvider>();
    }

    /// <summary>Where the clients send their requests.</summary>
    public Uri Address { get; }

    public static async Task<LoadBalancer> StartAsync(AppProcess destination, CancellationToken cancellationToken)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        // The clients record every failure themselves; the proxy's own log would only repeat them.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddReverseProxy().LoadFromMemory(Routes(), Clusters([destination]));
        var host = builder.Build();
        host.MapReverseProxy();
        await host.StartAsync(cancellationToken);
        return new LoadBalancer(host, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>
    /// Sends every new request to one of <paramref name="destinations"/>, in turn. Requests already forwarded
    /// elsewhere carry on there: stop a removed destination only after they have had time to finish.
    /// </summary>
    public void RouteTo(params AppProcess[] destinations) => _configuration.Update(Routes(), Clusters(destinations));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    private static IReadOnlyList<RouteConfig> Routes() =>
    [
        new RouteConfig { RouteId = RouteId, ClusterId = ClusterId, Match = new RouteMatch { Path = "{**path}" } },
    ];

    private static IReadOnlyList<ClusterConfig> Clusters(IReadOnlyList<AppProcess> destinations) =>
    [
        new ClusterConfig
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
            Destinations = destinations.ToDictionary(
                destination => destination.Name,
                destination => new DestinationConfig { Address = destination.Address.ToString() }),
        },
    ];
}
