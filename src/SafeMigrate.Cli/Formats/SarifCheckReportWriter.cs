using System.Reflection;
using SafeMigrate.Checks;

namespace SafeMigrate.Cli.Formats;

/// <summary>
/// SARIF 2.1.0 (OASIS), as code scanning uploads read it: one run, the tool with every rule's metadata, one result per
/// finding located at the migrations assembly (a path relative to the working directory when it is under it, as code
/// scanning wants repository paths) and at the migration class as a logical location.
/// </summary>
internal sealed class SarifCheckReportWriter : ICheckReportWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    public Task WriteAsync(TextWriter output, CheckReport report, string assemblyPath)
    {
        var rules = CheckRules.All.ToList();
        var uri = ArtifactUri(assemblyPath);
        var version = typeof(SarifCheckReportWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var log = new Dictionary<string, object>
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new object[]
            {
                new
                {
                    tool = new
                    {
                        driver = new
                        {
                            name = "SafeMigrate",
                            informationUri = "https://github.com/safemigrate/safemigrate",
                            version,
                            semanticVersion = version,
                            rules = rules.Select(r => new
                            {
                                id = r.Id,
                                name = r.Id,
                                shortDescription = new { text = r.Title },
                                helpUri = r.HelpUri,
                                defaultConfiguration = new { level = CheckReportWriters.Level(r.DefaultSeverity) },
                            }),
                        },
                    },
                    results = report.Findings.Select(f => new
                    {
                        ruleId = f.RuleId,
                        ruleIndex = rules.FindIndex(r => r.Id == f.RuleId),
                        level = CheckReportWriters.Level(f.Severity),
                        message = new { text = f.Message },
                        locations = new[]
                        {
                            new
                            {
                                physicalLocation = new { artifactLocation = new { uri } },
                                logicalLocations = new[]
                                {
                                    new
                                    {
                                        name = f.MigrationType?.Split('.')[^1] ?? $"Migration {f.Migration}",
                                        fullyQualifiedName = f.MigrationType ?? $"Migration {f.Migration}",
                                        kind = "type",
                                    },
                                },
                            },
                        },
                        properties = new { migration = f.Migration },
                    }),
                    invocations = new[] { new { executionSuccessful = true } },
                },
            },
        };
        return JsonOutput.WriteAsync(output, log);
    }

    private static string ArtifactUri(string assemblyPath)
    {
        var full = Path.GetFullPath(assemblyPath);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? new Uri(full).AbsoluteUri
            : string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
    }
}
