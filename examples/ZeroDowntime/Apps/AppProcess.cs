using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ZeroDowntime.Apps;

/// <summary>
/// One version of the shop running as its own process (dotnet ZeroDowntime.AppV1.dll --urls …) on a loopback
/// port, as a deployment runs it. Its output goes to a log file.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(string name, Process process, StreamWriter log, string logPath, Uri address)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        Address = address;
    }

    /// <summary>"v1" or "v2".</summary>
    public string Name { get; }

    public Uri Address { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the app and returns once it answers /health (which queries the database).</summary>
    /// <param name="environment">More environment variables (how the app uses SafeMigrate.Hosting).</param>
    /// <param name="startTimeout">How long it may take; an app that expands at startup answers only once expand is done.</param>
    public static async Task<AppProcess> StartAsync(
        string name, string dllPath, string connectionString, string logDirectory, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken, TimeSpan? startTimeout = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var logPath = Path.Combine(logDirectory, $"app-{name}.log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dllPath)!,
        };
        start.ArgumentList.Add(dllPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.Environment["ConnectionStrings__Shop"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        if (!process.Start())
        {
            throw new HarnessException($"Could not start app {name} ({dllPath}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(name, process, log, logPath, address);
        try
        {
            await app.WaitUntilHealthyAsync("/health", startTimeout ?? StartTimeout, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the app the way an orchestrator does: SIGTERM, upon which ASP.NET Core stops accepting
    /// connections and lets the requests in flight finish; a kill only if it has not exited after
    /// <paramref name="timeout"/>. Returns whether it exited by itself.
    /// </summary>
    public async Task<bool> StopGracefullyAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        if (OperatingSystem.IsWindows() || Kill(_process.Id, SigTerm) != 0)
        {
            // No SIGTERM to send: the only way left is the hard one.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    /// <summary>Returns once the app's SafeMigrate health check says its schema is ready: what a proxy switches on.</summary>
    public Task WaitUntilSchemaReadyAsync(CancellationToken cancellationToken) => WaitUntilHealthyAsync("/health/schema", StartTimeout, cancellationToken);

    private async Task WaitUntilHealthyAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new HarnessException(
                    $"App {Name} exited with code {_process.ExitCode} while starting; see {LogPath}:\n{Tail(LogPath)}");
            }

            try
            {
                using var response = await http.GetAsync(path, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new HarnessException($"App {Name} did not answer {Address}{path.TrimStart('/')} within {timeout.TotalSeconds} s; see {LogPath}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    private string Tail(string path)
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(20));
    }

    // Process.Kill sends SIGKILL, which gives the app no chance to finish its requests; kill(2) sends SIGTERM.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
