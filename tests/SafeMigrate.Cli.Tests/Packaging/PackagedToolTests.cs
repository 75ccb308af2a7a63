using System.IO.Compression;
using System.Reflection;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Packaging;

/// <summary>
/// The packages as users get them: packed into a private folder (own build outputs, so the running tests'
/// binaries are left alone), the tool installed into a temporary tool path and run through the SDK's
/// resolution of <c>dotnet safe-migrate</c> to the executable <c>dotnet-safe-migrate</c> on PATH.
/// </summary>
public class PackagedToolTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly string Version = typeof(ExitCodes).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [Fact]
    public async Task PackedTool_InstallsAndRunsAsDotnetSafeMigrate()
    {
        var work = Directory.CreateTempSubdirectory("safemigrate-pack-").FullName;
        try
        {
            var packages = Path.Combine(work, "packages");
            var pack = await Dotnet("pack", RepositoryLayout.PathOf("src/SafeMigrate.Cli/SafeMigrate.Cli.csproj"),
                "-c", "Release", "--artifacts-path", Path.Combine(work, "artifacts"), "-o", packages, "-nodeReuse:false");
            Assert.True(pack.ExitCode == 0, pack.ToString());
            Assert.True(File.Exists(Path.Combine(packages, $"dotnet-safe-migrate.{Version}.nupkg")), pack.ToString());

            var tools = Path.Combine(work, "tools");
            var install = await Dotnet("tool", "install", "dotnet-safe-migrate", "--version", Version,
                "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources");
            Assert.True(install.ExitCode == 0, install.ToString());

            var path = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            var help = await ProcessRun.RunAsync("dotnet", ["safe-migrate", "--help"], new Dictionary<string, string?> { ["PATH"] = path });
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Contains("status", help.Output);

            // The installed tool (net10.0 here) loads the net8.0 migrations assembly and reads a real database.
            var status = await ProcessRun.RunAsync(
                "dotnet",
                ["safe-migrate", "status", "-a", FixtureAssemblies.SampleMigrations, "-c", database.ConnectionString, "--format", "json"],
                new Dictionary<string, string?> { ["PATH"] = path });
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("\"phase\": \"pending\"", status.Output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task AnalyzerPackage_HoldsAnalyzerAndCodeFixesUnderAnalyzersDotnetCs()
    {
        var work = Directory.CreateTempSubdirectory("safemigrate-pack-").FullName;
        try
        {
            var packages = Path.Combine(work, "packages");
            var pack = await Dotnet("pack", RepositoryLayout.PathOf("analyzers/SafeMigrate.Analyzers.CodeFixes/SafeMigrate.Analyzers.CodeFixes.csproj"),
                "-c", "Release", "--artifacts-path", Path.Combine(work, "artifacts"), "-o", packages, "-nodeReuse:false");
            Assert.True(pack.ExitCode == 0, pack.ToString());

            using var package = ZipFile.OpenRead(Path.Combine(packages, $"SafeMigrate.Analyzers.{Version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/cs/SafeMigrate.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/SafeMigrate.Analyzers.CodeFixes.dll", entries);
            Assert.Contains("build/SafeMigrate.Analyzers.props", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Task<ProcessRun> Dotnet(params string[] arguments) =>
        ProcessRun.RunAsync("dotnet", arguments, timeout: TimeSpan.FromMinutes(8));
}
