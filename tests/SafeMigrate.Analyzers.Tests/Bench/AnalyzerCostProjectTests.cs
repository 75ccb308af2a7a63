using SafeMigrate.Rules;
using System.Diagnostics;
using System.Xml;
using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SafeMigrate.Analyzers.Tests.Bench;

/// <summary>
/// The cost benchmark's reproduction (docs/benchmarks.md) starts with bench/AnalyzerCost/generate.py: its project must
/// stay valid MSBuild and build with the analyzer loaded, or the documented command fails at its first step.
/// </summary>
public class AnalyzerCostProjectTests
{
    [Fact]
    public async Task GeneratedProject_IsWellFormedAndBuildsWithTheAnalyzer()
    {
        var output = Path.Combine(Path.GetTempPath(), "sm-analyzer-cost-" + Guid.NewGuid().ToString("N"));
        try
        {
            var script = Path.Combine(RuleCatalog.RepositoryRoot, "bench", "AnalyzerCost", "generate.py");
            var generate = await RunAsync("python3", [script, output, "28"], RuleCatalog.RepositoryRoot);
            Assert.True(generate.ExitCode == 0, "generate.py failed (python3 is needed to run it):\n" + generate.Output);

            var project = Path.Combine(output, "AnalyzerCost.csproj");
            new XmlDocument().Load(project); // MSB4025 is an XML error: a comment containing "--" fails here first

            // The analyzer this test project was built with stands in for the Release build the docs ask for.
            var analyzer = typeof(RuleIdentifiers).Assembly.Location;
            var build = await RunAsync("dotnet", ["build", project, "-nologo", "-v:q", "-clp:NoSummary", $"-p:SafeMigrateAnalyzerDll={analyzer}"], output);
            Assert.True(build.ExitCode == 0, "the generated project does not build:\n" + build.Output);

            // 28 migrations cover every shape twice; the hazardous ones must be reported, so the analyzer really ran.
            foreach (var id in new[] { "SM1001", "SM1003", "SM2001", "SM3001", "SM3002" })
            {
                Assert.Contains("warning " + id, build.Output);
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
