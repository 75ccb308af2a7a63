using System.Reflection;
using SafeMigrate.Testing;

namespace ZeroDowntime.Tests;

/// <summary>The built driver, run as dotnet ZeroDowntime.dll, against the test run's PostgreSQL server when one is named.</summary>
public static class Driver
{
    public static string Path { get; } = typeof(Driver).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "Build:Driver").Value!;

    public static Task<ProcessRun> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        // The driver reads SAFEMIGRATE_CONNECTION: hand it the test run's server if there is one, else make sure
        // it starts its own throwaway cluster rather than using whatever the environment points at.
        var server = Environment.GetEnvironmentVariable(TestPostgres.ConnectionVariable);
        var environment = new Dictionary<string, string?>
        {
            ["SAFEMIGRATE_CONNECTION"] = string.IsNullOrWhiteSpace(server) ? null : server,
        };
        return ProcessRun.RunAsync("dotnet", [Path, .. arguments], environment, timeout: timeout);
    }
}
