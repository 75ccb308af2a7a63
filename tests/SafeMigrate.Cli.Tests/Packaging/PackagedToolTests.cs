using System.IO.Compression;
using System.Reflection;
using SafeMigrate.Cli.Tests.Process;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Cli.Tests.Packaging;

/// <summary>
/// The packages as users get them: the tool packed and installed once per run (<see cref="InstalledTool"/>) and run
/// through the SDK's resolution of <c>dotnet safe-migrate</c> to the executable <c>dotnet-safe-migrate</c> on PATH;
/// the analyzer package packed into a private folder and inspected.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public class PackagedToolTests(PostgresDatabase database, InstalledTool tool) : IClassFixture<PostgresDatabase>
{
    private static readonly string Version = typeof(ExitCodes).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [Fact]
    public async Task PackedTool_InstallsAndRunsAsDotnetSafeMigrate()
    {
        Assert.True(File.Exists(Path.Combine(tool.Packages, $"dotnet-safe-migrate.{Version}.nupkg")));

        var help = await tool.RunAsync("--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("status", help.Output);
        Assert.Contains("check", help.Output);

        // The installed tool (net10.0 here) loads the net8.0 migrations assembly and reads a real database.
        var status = await tool.RunAsync("status", "-a", FixtureAssemblies.SampleMigrations, "-c", database.ConnectionString, "--format", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("\"phase\": \"pending\"", status.Output);
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
