using SafeMigrate.Checks;
using SafeMigrate.Loading;

namespace SafeMigrate.Cli.Formats;

/// <summary>
/// <c>{ "findings": [ { "ruleId", "severity", "migration", "message", "helpUri" } ], "summary": { ... } }</c>, as the design
/// says; the summary adds what was checked and the verdict.
/// </summary>
internal sealed class JsonCheckReportWriter : ICheckReportWriter
{
    public Task WriteAsync(TextWriter output, CheckReport report, string assemblyPath) =>
        JsonOutput.WriteAsync(output, new
        {
            findings = report.Findings.Select(f => new
            {
                ruleId = f.RuleId,
                severity = CheckReportWriters.Level(f.Severity),
                migration = f.Migration,
                message = f.Message,
                helpUri = f.HelpUri,
            }),
            summary = new
            {
                passed = report.Passed,
                provider = report.Provider.ToName(),
                live = report.IsLive,
                server = report.Server,
                migrations = report.Plan.Migrations.Count,
                errors = report.Count(FindingSeverity.Error),
                warnings = report.Count(FindingSeverity.Warning),
                notes = report.Count(FindingSeverity.Note),
            },
        });
}
