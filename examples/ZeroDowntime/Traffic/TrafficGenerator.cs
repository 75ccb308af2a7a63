using ZeroDowntime.Database;
using ZeroDowntime.Shop;

namespace ZeroDowntime.Traffic;

/// <summary>
/// The shop's clients: a fixed number of workers sending requests through the proxy, from start to stop,
/// each request counted in the phase that was current when it was sent.
/// </summary>
public sealed class TrafficGenerator
{
    private readonly List<TrafficWorker> _workers;
    private readonly List<Task> _running;
    private readonly HttpClient _http;
    private volatile PhaseRecorder _phase;
    private volatile bool _stopping;

    private TrafficGenerator(Uri proxy, SeedData seed, int workerCount, PhaseRecorder firstPhase)
    {
        _phase = firstPhase;
        // Time-outs are per request (ShopClient); the handler only keeps enough connections for every worker.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workerCount * 2 })
        {
            BaseAddress = proxy,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var client = new ShopClient(_http);
        _workers = Enumerable.Range(0, workerCount).Select(i => new TrafficWorker(i, workerCount, client, seed)).ToList();
        _running = _workers.Select(worker => Task.Run(() => worker.RunAsync(() => _phase, () => _stopping, CancellationToken.None))).ToList();
    }

    public static TrafficGenerator Start(Uri proxy, SeedData seed, int workerCount, PhaseRecorder firstPhase) =>
        new(proxy, seed, workerCount, firstPhase);

    /// <summary>Requests sent from now on count in <paramref name="next"/>.</summary>
    public void BeginPhase(PhaseRecorder next)
    {
        var previous = _phase;
        _phase = next;
        previous.End();
    }

    /// <summary>Sends no more requests, waits for the answers in flight, and returns every worker's ledger merged.</summary>
    public async Task<WriteLedger> StopAsync()
    {
        _stopping = true;
        _phase.End();
        await Task.WhenAll(_running);
        _http.Dispose();
        return WriteLedger.Merge(_workers.Select(worker => worker.Ledger));
    }
}
