using SafeMigrate.Checks;

namespace SafeMigrate.Cli.Formats;

/// <summary>
/// GitHub Actions workflow commands (<c>::error title=SM1005::Migration 3: ...</c>): each finding becomes an annotation
/// on the run and the pull request. Values are escaped as the runner expects (%, CR, LF; and : , in properties).
/// </summary>
internal sealed class GithubAnnotationsWriter : ICheckReportWriter
{
    public async Task WriteAsync(TextWriter output, CheckReport report, string assemblyPath)
    {
        foreach (var finding in report.Findings)
        {
            var command = finding.Severity switch
            {
                FindingSeverity.Error => "error",
                FindingSeverity.Warning => "warning",
                _ => "notice",
            };
            await output.WriteLineAsync($"::{command} title={EscapeProperty(finding.RuleId)}::{EscapeData(finding.Message + " See " + finding.HelpUri)}").ConfigureAwait(false);
        }

        var summary = report.Passed
            ? $"SafeMigrate check passed: {report.Plan.Migrations.Count} migration(s) can be made safe."
            : $"SafeMigrate check failed: {report.Count(FindingSeverity.Error)} error(s).";
        await output.WriteLineAsync(summary).ConfigureAwait(false);
    }

    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
