using System.Diagnostics;
using System.Text;
using Npgsql;
using SafeMigrate.Embedded;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>
/// A throwaway primary and a streaming hot standby made from it with <c>pg_basebackup -R</c>, from the same server
/// programs: the approach of the test suite's <c>ReplicaPair</c> (tests/SafeMigrate.Tests/Execution/ReplicaPair.cs).
/// </summary>
internal sealed class StreamingStandby : IAsyncDisposable
{
    private string _standbyRoot = "";
    private string? _runAsUser;
    private string _binaries = "";

    public ThrowawayPostgres Primary { get; private set; } = null!;

    public int StandbyPort { get; private set; }

    public string StandbyConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder(Primary.ConnectionStringFor(database))
    {
        Port = StandbyPort,
        Pooling = false,
    }.ConnectionString;

    public static async Task<StreamingStandby> StartAsync()
    {
        var pair = new StreamingStandby();
        try
        {
            await pair.InitializeAsync();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync()
    {
        _binaries = PostgresBinaries.Locate();
        Primary = await ThrowawayPostgres.StartAsync();
        if (Environment.IsPrivilegedProcess)
        {
            // The standby belongs to the user that owns the primary (initdb and postgres refuse to run as root).
            _runAsUser = (await RunAsync("stat", ["-c", "%U", Primary.RootDirectory], runAs: null)).Trim();
        }

        _standbyRoot = Path.Combine(Path.GetTempPath(), "safemigrate-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_standbyRoot);
        // Lets ThrowawayPostgres's sweep stop and remove this standby if the benchmark is killed.
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
            _runAsUser);
        await WaitForAsync(async () =>
        {
            await using var primary = new NpgsqlConnection(Primary.ConnectionString);
            await primary.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND replay_lsn IS NOT NULL", primary);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, "the standby to stream");
    }

    public async ValueTask DisposeAsync()
    {
        if (_standbyRoot.Length > 0 && File.Exists(Path.Combine(_standbyRoot, "data", "postmaster.pid")))
        {
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_standbyRoot, "data"), "-m", "immediate", "-w", "stop"], _runAsUser, check: false);
        }

        if (_standbyRoot.Length > 0 && Directory.Exists(_standbyRoot))
        {
            Directory.Delete(_standbyRoot, recursive: true);
        }

        if (Primary is not null)
        {
            await Primary.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="sql"/> on the standby (pg_wal_replay_pause() and the like).</summary>
    public async Task OnStandbyAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(StandbyConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    public async Task WaitUntilCaughtUpAsync()
    {
        await using var primary = new NpgsqlConnection(Primary.ConnectionString);
        await primary.OpenAsync();
        await using var current = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary);
        var target = (string)(await current.ExecuteScalarAsync())!;
        await using var standby = new NpgsqlConnection(StandbyConnectionStringFor("postgres"));
        await standby.OpenAsync();
        await WaitForAsync(async () =>
        {
            await using var command = new NpgsqlCommand($"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn", standby);
            return (bool)(await command.ExecuteScalarAsync())!;
        }, "the standby to catch up");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Runs a program to its end (as <paramref name="runAs"/> through runuser, when set) and returns its output.</summary>
    private static async Task<string> RunAsync(string program, string[] arguments, string? runAs, bool check = true)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAs is null ? program : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (runAs is null ? [] : new[] { "-u", runAs, "--", program }).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // initdb and postgres refuse to guess a locale from an unset or exotic environment.
        start.Environment["LC_ALL"] = "C";
        start.Environment["LANG"] = "C";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = new StringBuilder().Append(await output).Append(await error).ToString();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{Path.GetFileName(program)}' failed with exit code {process.ExitCode}: {text}");
        }

        return text;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
