using System.Diagnostics;

namespace ZeroDowntime.Traffic;

/// <summary>
/// What the clients saw during one phase of a run: every request's latency and outcome, counted in the
/// phase in which the request was sent. Shared by all workers.
/// </summary>
public sealed class PhaseRecorder(string name)
{
    private const int KeptFailureReasons = 5;
    private const int KeptSamples = 3;

    private readonly object _gate = new();
    private readonly List<double> _latenciesMs = [];
    private readonly Dictionary<string, int> _failureReasons = [];
    private readonly SortedDictionary<string, int> _servedBy = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _failed;
    private int _acknowledgedWrites;
    private int _samples;
    private TimeSpan? _elapsed;

    public string Name { get; } = name;

    /// <summary>Notes of what the phase did (e.g. "expand took 3.1 s"), for the report.</summary>
    public List<string> Events { get; } = [];

    public void Succeeded(double latencyMs, bool wasWrite, int? appVersion)
    {
        lock (_gate)
        {
            _latenciesMs.Add(latencyMs);
            CountServer(appVersion);
            if (wasWrite)
            {
                _acknowledgedWrites++;
            }
        }
    }

    public void Failed(double latencyMs, string reason, int? appVersion)
    {
        lock (_gate)
        {
            _latenciesMs.Add(latencyMs);
            CountServer(appVersion);
            _failed++;
            _failureReasons[reason] = _failureReasons.GetValueOrDefault(reason) + 1;
        }
    }

    public void Note(string message)
    {
        lock (_gate)
        {
            Events.Add(message);
        }
    }

    /// <summary>Notes an example of a failure; only the first few of a phase are kept.</summary>
    public void NoteSample(string message)
    {
        lock (_gate)
        {
            if (++_samples <= KeptSamples)
            {
                Events.Add(message);
            }
        }
    }

    /// <summary>Marks the end of the phase: no more requests are sent in it (answers may still arrive).</summary>
    public void End()
    {
        lock (_gate)
        {
            _elapsed ??= _clock.Elapsed;
        }
    }

    /// <summary>A copy of every request's latency so far, in milliseconds.</summary>
    public double[] Latencies()
    {
        lock (_gate)
        {
            return [.. _latenciesMs];
        }
    }

    public PhaseStatistics Summarize()
    {
        lock (_gate)
        {
            var sorted = _latenciesMs.Order().ToArray();
            return new PhaseStatistics(
                Name,
                Math.Round((_elapsed ?? _clock.Elapsed).TotalSeconds, 1),
                sorted.Length,
                _failed,
                _acknowledgedWrites,
                Percentile(sorted, 0.50),
                Percentile(sorted, 0.99),
                sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 1),
                _failureReasons.OrderByDescending(pair => pair.Value).Take(KeptFailureReasons)
                    .ToDictionary(pair => pair.Key, pair => pair.Value),
                new Dictionary<string, int>(_servedBy),
                [.. Events]);
        }
    }

    /// <summary>Which app version answered ("v1", "v2"; "none" when no app did: a timeout, a refused connection, a 502).</summary>
    private void CountServer(int? appVersion)
    {
        var server = appVersion is { } version ? $"v{version}" : "none";
        _servedBy[server] = _servedBy.GetValueOrDefault(server) + 1;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double fraction)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 1);
    }
}
