using System.Runtime.InteropServices;

namespace SafeMigrate.Cli;

/// <summary>
/// SIGTERM and SIGINT (Ctrl-C) as a request to stop: the first one cancels <see cref="Token"/> and keeps the process
/// alive, so that the run stops at its next checkpoint, releases the migration lock and exits 3; a second one is let
/// through, and the runtime ends the process at once (exit 143 or 130), for a person who does not want to wait.
/// </summary>
/// <remarks>
/// System.CommandLine 2.0.0 handles no signal unless <c>InvocationConfiguration.ProcessTerminationTimeout</c> is set
/// (its default is null), so the runtime's own SIGTERM handling ended a run at once with 143, mid-step; and with a
/// timeout set it would still force the exit code to 143 once the timeout passes, while the run is still cleaning up.
/// The tool therefore leaves that option unset and handles the signals here.
/// </remarks>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    private StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    /// <summary>Cancelled on the first SIGTERM or SIGINT.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that asked the run to stop (SIGTERM or SIGINT), or null while none came.</summary>
    public string? Received { get; private set; }

    public static StopSignals Register() => new();

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            return;
        }

        context.Cancel = true;
        Received = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";

        // Off the signal thread: cancelling runs the token's callbacks, and Npgsql's sends a cancel request to the
        // server over a new connection.
        _ = Task.Run(() =>
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended in the meantime.
            }
        });
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }
}
