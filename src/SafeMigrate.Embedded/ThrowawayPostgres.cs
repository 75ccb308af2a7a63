using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SafeMigrate.Embedded;

/// <summary>
/// A private PostgreSQL cluster for tests, demos and benchmarks: started from the server programs on this
/// machine on a free loopback port, tuned for speed rather than durability, and deleted on dispose or when
/// the process exits. Clusters left behind by a killed process are removed by the next start.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, and CI runs as root: the cluster then belongs to the <c>postgres</c> user
/// (or <c>nobody</c>) and every server program runs through <c>runuser</c>.
/// </remarks>
public sealed class ThrowawayPostgres : IAsyncDisposable, IDisposable
{
    private const string DirectoryPrefix = "safemigrate-pg-";
    private const string OwnerFile = "owner.pid";
    private const string SuperUser = "postgres";

    private readonly string _binaries;
    private readonly string? _runAsUser;
    private int _disposed;

    private ThrowawayPostgres(string binaries, string rootDirectory, int port, string? runAsUser)
    {
        _binaries = binaries;
        RootDirectory = rootDirectory;
        Port = port;
        _runAsUser = runAsUser;
        ConnectionString = ConnectionStringFor("postgres");
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The folder holding the cluster's data, socket and log; deleted on dispose.</summary>
    public string RootDirectory { get; }

    public int Port { get; }

    /// <summary>A superuser connection to the <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    private string LogFile => Path.Combine(RootDirectory, "postgres.log");

    /// <summary>Creates and starts a cluster; about a second and a half on a laptop.</summary>
    /// <exception cref="PostgresNotInstalledException">The server programs are not installed.</exception>
    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken cancellationToken = default)
    {
        var binaries = PostgresBinaries.Locate();
        var runAsUser = Environment.IsPrivilegedProcess ? await UnprivilegedUserAsync().ConfigureAwait(false) : null;
        await RemoveAbandonedClustersAsync(binaries, runAsUser).ConfigureAwait(false);

        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(root);
            await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(), cancellationToken)
                .ConfigureAwait(false);
            var server = new ThrowawayPostgres(binaries, root, FreeLoopbackPort(), runAsUser);
            try
            {
                await server.InitializeAndStartAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
                // Another process may have taken the port between probing and binding: try a fresh one.
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>A superuser connection string to <paramref name="database"/> on this cluster.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Timeout = 30,
        MaxPoolSize = 50,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        NpgsqlConnection.ClearAllPools();
        Stop(RootDirectory, _binaries, _runAsUser);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private async Task InitializeAndStartAsync(CancellationToken cancellationToken)
    {
        if (_runAsUser is not null)
        {
            await RunAsync("chown", ["-R", _runAsUser, RootDirectory], runAs: null, cancellationToken).ConfigureAwait(false);
        }

        await RunAsync(
            Path.Combine(_binaries, "initdb"),
            ["-D", DataDirectory, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--no-locale", "--no-sync"],
            _runAsUser,
            cancellationToken).ConfigureAwait(false);

        // Durability is worthless for a throwaway cluster: fsync and synchronous commit off make it fast.
        var serverOptions = string.Join(' ',
            $"-p {Port}",
            "-c listen_addresses=127.0.0.1",
            $"-k {RootDirectory}",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=300",
            "-c shared_buffers=256MB");
        var start = await ExternalCommand.RunAsync(
            Path.Combine(_binaries, "pg_ctl"),
            ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", serverOptions, "start"],
            _runAsUser,
            cancellationToken).ConfigureAwait(false);
        if (start.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken).ConfigureAwait(false) : "";
            throw new InvalidOperationException(
                $"PostgreSQL did not start on port {Port} (pg_ctl exit {start.ExitCode}): {start.Output}\n{Tail(log)}");
        }
    }

    private static async Task RunAsync(string program, string[] arguments, string? runAs, CancellationToken cancellationToken)
    {
        var result = await ExternalCommand.RunAsync(program, arguments, runAs, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{Path.GetFileName(program)}' failed with exit code {result.ExitCode}: {Tail(result.Output)}");
        }
    }

    private static void Stop(string root, string binaries, string? runAsUser)
    {
        var data = Path.Combine(root, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            // Immediate: nothing of a throwaway cluster needs a clean shutdown checkpoint.
            ExternalCommand.RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], runAsUser)
                .GetAwaiter().GetResult();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the next start's sweep removes the folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Stops and deletes clusters whose owning process no longer runs (it was killed before disposing).</summary>
    private static async Task RemoveAbandonedClustersAsync(string binaries, string? runAsUser)
    {
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var ownerFile = Path.Combine(root, OwnerFile);
            if (!File.Exists(ownerFile) || !int.TryParse(await File.ReadAllTextAsync(ownerFile).ConfigureAwait(false), out var owner))
            {
                continue;
            }

            if (!IsRunning(owner))
            {
                Stop(root, binaries, runAsUser);
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> UnprivilegedUserAsync()
    {
        foreach (var user in new[] { "postgres", "nobody" })
        {
            var result = await ExternalCommand.RunAsync("id", ["-u", user]).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return user;
            }
        }

        throw new InvalidOperationException(
            "Running as root, and neither a 'postgres' nor a 'nobody' user exists to own the throwaway cluster: create one (useradd postgres).");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string text, int lines = 15) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
