using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SafeMigrate.Execution;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>The product's own measure of throttled time: listens to <c>safemigrate.throttled.duration</c>, per reason.</summary>
internal sealed class ThrottledTime : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Reason, double Seconds)> _waits = new();

    public ThrottledTime()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SafeMigrateTelemetry.Name && instrument.Name == "safemigrate.throttled.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            var reason = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "safemigrate.throttle.reason")
                {
                    reason = (string)tag.Value!;
                }
            }

            _waits.Enqueue((reason, seconds));
        });
        _listener.Start();
    }

    /// <summary>Seconds throttled since this listener started, every reason together.</summary>
    public double TotalSeconds => _waits.Sum(w => w.Seconds);

    public void Dispose() => _listener.Dispose();
}
