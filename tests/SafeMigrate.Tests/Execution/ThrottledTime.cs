using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SafeMigrate.Execution;

namespace SafeMigrate.Tests.Execution;

/// <summary>Listens to <c>safemigrate.throttled.duration</c> and keeps each wait with its reason tag.</summary>
internal sealed class ThrottledTime : IDisposable
{
    private readonly MeterListener _listener = new();

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
            foreach (var tag in tags)
            {
                if (tag.Key == "safemigrate.throttle.reason")
                {
                    Waits.Enqueue(((string)tag.Value!, seconds));
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Every wait recorded in this process while listening (other tests' too: filter by reason).</summary>
    public ConcurrentQueue<(string Reason, double Seconds)> Waits { get; } = new();

    public void Dispose() => _listener.Dispose();
}
