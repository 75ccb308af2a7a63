using System.Reflection;
using SafeMigrate.Connections;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Process;

/// <summary>
/// The tool as users get it, once per test run: packed into a private folder (own build outputs, so the running
/// tests' binaries are left alone), installed into a temporary tool path, and run as <c>dotnet safe-migrate</c>
/// through PATH, as its own process with redirected streams (as in a pipeline).
/// </summary>
public sealed class InstalledTool : IAsyncLifetime
{
    public static readonly string Version = typeof(ExitCodes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    private readonly string _work = Directory.CreateTempSubdirectory("safemigrate-tool-").FullName;
    private string? _path;

    public string Packages => Path.Combine(_work, "packages");

    public async Task InitializeAsync()
    {
        var pack = await ProcessRun.RunAsync("dotnet",
            ["pack", RepositoryLayout.PathOf("src/SafeMigrate.Cli/SafeMigrate.Cli.csproj"), "-c", "Release",
             "--artifacts-path", Path.Combine(_work, "artifacts"), "-o", Packages, "-nodeReuse:false"],
            timeout: TimeSpan.FromMinutes(8));
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + pack);
        }

        var tools = Path.Combine(_work, "tools");
        var install = await ProcessRun.RunAsync("dotnet",
            ["tool", "install", "dotnet-safe-migrate", "--version", Version, "--tool-path", tools, "--add-source", Packages, "--ignore-failed-sources"],
            timeout: TimeSpan.FromMinutes(5));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet tool install failed:\n" + install);
        }

        _path = tools + System.IO.Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
    }

    /// <summary>Runs <c>dotnet safe-migrate args</c>; SAFEMIGRATE_CONNECTION is unset unless <paramref name="environment"/> sets it.</summary>
    public Task<ProcessRun> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>
        {
            ["PATH"] = _path ?? throw new InvalidOperationException("The tool is not installed."),
            [ConnectionStrings.EnvironmentVariable] = null,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        return ProcessRun.RunAsync("dotnet", ["safe-migrate", .. args], variables, timeout: TimeSpan.FromMinutes(5));
    }

    public Task<ProcessRun> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Starts <c>dotnet safe-migrate args</c> without waiting (for a test that kills it mid-run); stdout and stderr go to <paramref name="log"/>.</summary>
    public System.Diagnostics.Process Start(System.Text.StringBuilder log, params string[] args) => Start(log, ownProcessGroup: false, args);

    /// <summary>
    /// As <see cref="Start(System.Text.StringBuilder, string[])"/>; with <paramref name="ownProcessGroup"/>, through
    /// util-linux <c>setsid</c> (which execs, keeping the pid), so that the <c>dotnet</c> process leads a process group of
    /// its own with the tool's process in it, as a shell's foreground job is: a signal to the group is what Ctrl-C sends.
    /// </summary>
    public System.Diagnostics.Process Start(System.Text.StringBuilder log, bool ownProcessGroup, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(ownProcessGroup ? "setsid" : "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (ownProcessGroup ? new[] { "dotnet", "safe-migrate" } : ["safe-migrate"]).Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = _path ?? throw new InvalidOperationException("The tool is not installed.");
        start.Environment.Remove(ConnectionStrings.EnvironmentVariable);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Runs the tool on a pseudo-terminal (util-linux <c>script</c>), as a person at a console would, outside CI:
    /// the output is what the terminal received, stdout and stderr together, escape sequences included.
    /// </summary>
    public Task<ProcessRun> RunOnTerminalAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var command = string.Join(' ', new[] { "dotnet", "safe-migrate" }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var variables = new Dictionary<string, string?>
        {
            ["PATH"] = _path ?? throw new InvalidOperationException("The tool is not installed."),
            [ConnectionStrings.EnvironmentVariable] = null,
            ["CI"] = null,
            ["TF_BUILD"] = null,
            ["NO_COLOR"] = null,
            ["TERM"] = "xterm-256color",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        return ProcessRun.RunAsync("script", ["--quiet", "--return", "--command", command, "/dev/null"], variables, timeout: TimeSpan.FromMinutes(5));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class InstalledToolCollection : ICollectionFixture<InstalledTool>
{
    public const string Name = "installed tool";
}
