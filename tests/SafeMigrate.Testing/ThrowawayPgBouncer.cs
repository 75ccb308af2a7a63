using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SafeMigrate.Testing;

/// <summary>
/// A private PgBouncer (the Debian package's program) in front of the test run's PostgreSQL, in one pool mode, on a
/// free loopback port; stopped and removed on dispose or when the test process exits.
/// </summary>
/// <remarks>
/// PgBouncer refuses to run as root, and CI runs as root: it then runs as the <c>postgres</c> user (or <c>nobody</c>)
/// through <c>runuser</c>, on a folder that user owns. Clients need no password (<c>auth_type = trust</c>); PgBouncer
/// logs in to the server as the client's user, with the password of the test server's connection string if it has one.
/// </remarks>
public sealed class ThrowawayPgBouncer : IAsyncDisposable
{
    private static readonly string[] Locations = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"];

    private readonly Process _process;
    private readonly string _directory;
    private int _disposed;

    private ThrowawayPgBouncer(Process process, string directory, int port, string poolMode)
    {
        _process = process;
        _directory = directory;
        Port = port;
        PoolMode = poolMode;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The program, or null when PgBouncer is not installed (<c>apt-get install pgbouncer</c>).</summary>
    public static string? Program =>
        Locations.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "pgbouncer"))
            .FirstOrDefault(File.Exists);

    public int Port { get; }

    /// <summary><c>session</c>, <c>transaction</c> or <c>statement</c>.</summary>
    public string PoolMode { get; }

    /// <summary>Starts PgBouncer in <paramref name="poolMode"/> in front of the server of the test run.</summary>
    /// <param name="serverResetQuery">What PgBouncer runs on a server session its client left (session mode); empty: nothing.</param>
    /// <param name="poolSize">Server sessions per database and user (<c>default_pool_size</c>).</param>
    public static async Task<ThrowawayPgBouncer> StartAsync(string poolMode, string serverResetQuery = "DISCARD ALL", int poolSize = 20)
    {
        var program = Program ?? throw new InvalidOperationException("PgBouncer is not installed: apt-get install pgbouncer.");
        var server = new NpgsqlConnectionStringBuilder(await TestPostgres.AdminConnectionStringAsync().ConfigureAwait(false));
        var directory = Directory.CreateTempSubdirectory("safemigrate-pgbouncer-").FullName;
        var port = FreeLoopbackPort();
        var user = server.Username ?? "postgres";
        var password = string.IsNullOrEmpty(server.Password) ? string.Empty : $" password={server.Password}";
        await File.WriteAllTextAsync(Path.Combine(directory, "users.txt"), $"\"{user}\" \"\"\n").ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "pgbouncer.ini"), $"""
            [databases]
            * = host={server.Host} port={server.Port}{password}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {directory}/users.txt
            pool_mode = {poolMode}
            max_client_conn = 500
            default_pool_size = {poolSize}
            ; PgBouncer's default is DISCARD ALL: in session mode it runs when a client leaves and releases what the
            ; client's session held (advisory locks, settings, prepared statements) before another client gets it.
            server_reset_query = {serverResetQuery}
            ignore_startup_parameters = extra_float_digits
            logfile = {directory}/pgbouncer.log
            pidfile = {directory}/pgbouncer.pid
            """).ConfigureAwait(false);

        var runAs = Environment.IsPrivilegedProcess ? UnprivilegedUser() : null;
        var start = new ProcessStartInfo(runAs is null ? program : "runuser")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (runAs is not null)
        {
            Chown(directory, runAs);
            foreach (var argument in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(Path.Combine(directory, "pgbouncer.ini"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("PgBouncer did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bouncer = new ThrowawayPgBouncer(process, directory, port, poolMode);
        try
        {
            await bouncer.WaitUntilListeningAsync().ConfigureAwait(false);
            return bouncer;
        }
        catch
        {
            await bouncer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The connection string of <paramref name="directConnectionString"/>'s database and user, through this PgBouncer.</summary>
    public string ConnectionStringFor(string directConnectionString) =>
        new NpgsqlConnectionStringBuilder(directConnectionString) { Host = "127.0.0.1", Port = Port, Password = null }.ConnectionString;

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            Stop();
        }

        return ValueTask.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"PgBouncer exited with code {_process.ExitCode}: {Log()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    private string Log()
    {
        var file = Path.Combine(_directory, "pgbouncer.log");
        return File.Exists(file) ? string.Join('\n', File.ReadAllLines(file).TakeLast(10)) : "(no log)";
    }

    private static string UnprivilegedUser()
    {
        foreach (var user in new[] { "postgres", "nobody" })
        {
            using var id = Process.Start(new ProcessStartInfo("id", ["-u", user]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            id.WaitForExit();
            if (id.ExitCode == 0)
            {
                return user;
            }
        }

        throw new InvalidOperationException("Running as root, and neither a 'postgres' nor a 'nobody' user exists to run PgBouncer as.");
    }

    private static void Chown(string directory, string user)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", user, directory]) { RedirectStandardError = true })!;
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {user} {directory} failed: {chown.StandardError.ReadToEnd()}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
