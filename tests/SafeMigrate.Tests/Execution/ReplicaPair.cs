using Npgsql;
using SafeMigrate.Embedded;
using Xunit;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// A primary and a streaming hot standby made from it with <c>pg_basebackup -R</c>, from the same server programs as the
/// rest of the suite, shared by the replica-lag tests (one pair: about three seconds to start). The primary is its own
/// throwaway cluster, not the suite's shared server: a standby there would be seen by every other test's replica-lag
/// throttle, and pausing its replay would hold their backfills.
/// </summary>
public sealed class ReplicaPair : IAsyncLifetime
{
    private string _standbyRoot = "";
    private string? _runAsUser;
    private string _binaries = "";

    public ThrowawayPostgres Primary { get; private set; } = null!;

    public int StandbyPort { get; private set; }

    /// <summary>A superuser connection string to <paramref name="database"/> on the standby.</summary>
    public string StandbyConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder(Primary.ConnectionStringFor(database))
    {
        Port = StandbyPort,
        Pooling = false,
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        _binaries = PostgresBinaries.Locate();
        Primary = await ThrowawayPostgres.StartAsync();
        if (Environment.IsPrivilegedProcess)
        {
            // The standby belongs to the user that owns the primary (initdb and postgres refuse to run as root).
            _runAsUser = (await ExternalCommand.RunAsync("stat", ["-c", "%U", Primary.RootDirectory])).Output.Trim();
        }

        _standbyRoot = Path.Combine(Path.GetTempPath(), "safemigrate-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_standbyRoot);
        // Lets ThrowawayPostgres's sweep stop and remove this standby if the test process is killed.
        await File.WriteAllTextAsync(Path.Combine(_standbyRoot, "owner.pid"), Environment.ProcessId.ToString());
        if (_runAsUser is not null)
        {
            await RunAsync("chown", ["-R", _runAsUser, _standbyRoot], runAs: null);
        }

        var data = Path.Combine(_standbyRoot, "data");
        var baseBackup = Path.Combine(_binaries, "pg_basebackup");
        await RunAsync(
            File.Exists(baseBackup) ? baseBackup : "pg_basebackup",
            ["-h", "127.0.0.1", "-p", Primary.Port.ToString(), "-U", "postgres", "-D", data, "-R", "-X", "stream", "--no-sync"],
            _runAsUser);

        StandbyPort = FreePort();
        // A hot standby refuses to start with a lower max_connections than its primary's (ThrowawayPostgres sets 300).
        await RunAsync(
            Path.Combine(_binaries, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(_standbyRoot, "postgres.log"), "-w", "-t", "60", "-o",
             $"-p {StandbyPort} -c listen_addresses=127.0.0.1 -k {_standbyRoot} -c hot_standby=on -c fsync=off -c max_connections=300", "start"],
            _runAsUser,
            Path.Combine(_standbyRoot, "postgres.log"));
        await WaitUntilStreamingAsync();
    }

    public async Task DisposeAsync()
    {
        if (File.Exists(Path.Combine(_standbyRoot, "data", "postmaster.pid")))
        {
            await ExternalCommand.RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_standbyRoot, "data"), "-m", "immediate", "-w", "stop"], _runAsUser);
        }

        if (Directory.Exists(_standbyRoot))
        {
            Directory.Delete(_standbyRoot, recursive: true);
        }

        await Primary.DisposeAsync();
    }

    /// <summary>Runs <paramref name="sql"/> on the standby's <paramref name="database"/> (pg_wal_replay_pause() and the like).</summary>
    public async Task<object?> OnStandbyAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(StandbyConnectionStringFor(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    public async Task WaitUntilCaughtUpAsync()
    {
        await using var primary = new NpgsqlConnection(Primary.ConnectionString);
        await primary.OpenAsync();
        await using var current = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary);
        var target = (string)(await current.ExecuteScalarAsync())!;
        await WaitForAsync(async () => (bool)(await OnStandbyAsync("postgres", $"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"))!, "the standby to catch up");
    }

    private async Task WaitUntilStreamingAsync()
    {
        await using var primary = new NpgsqlConnection(Primary.ConnectionString);
        await primary.OpenAsync();
        await WaitForAsync(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND replay_lsn IS NOT NULL", primary);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, "the standby to stream");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task RunAsync(string program, string[] arguments, string? runAs, string? logFile = null)
    {
        var result = await ExternalCommand.RunAsync(program, arguments, runAs);
        if (result.ExitCode != 0)
        {
            var log = logFile is not null && File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : "";
            throw new InvalidOperationException($"'{Path.GetFileName(program)}' failed with exit code {result.ExitCode}: {result.Output}\n{log}");
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
