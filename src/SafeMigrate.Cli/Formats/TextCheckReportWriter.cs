using SafeMigrate.Checks;
using SafeMigrate.Cli.Reporting;
using SafeMigrate.Loading;

namespace SafeMigrate.Cli.Formats;

/// <summary>
/// For people: what SafeMigrate will do with each migration (its expand and contract steps), then the findings with
/// their help links, then one verdict line.
/// </summary>
internal sealed class TextCheckReportWriter(ConsoleStyle style) : ICheckReportWriter
{
    public async Task WriteAsync(TextWriter output, CheckReport report, string assemblyPath)
    {
        var where = report.Server is { } server ? $"live, {server}" : "offline";
        await output.WriteLineAsync($"Checked {report.Plan.Migrations.Count} pending migration(s) of {Path.GetFileName(assemblyPath)} for {report.Provider.ToName()} ({where}).").ConfigureAwait(false);
        var refused = report.Plan.Refusals.Select(r => r.Version).ToHashSet();
        foreach (var migration in report.Plan.Migrations)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            var mark = refused.Contains(migration.Version) ? style.Red("  (cannot be made safe: see below)") : string.Empty;
            await output.WriteLineAsync(style.Bold($"{migration.Version} {migration.Description}") + mark).ConfigureAwait(false);
            foreach (var (phase, steps) in new[] { ("expand", migration.Expand), ("contract", migration.Contract) })
            {
                foreach (var step in steps)
                {
                    await output.WriteLineAsync($"  {phase,-8}  {step.Description}").ConfigureAwait(false);
                }
            }
        }

        if (report.Findings.Count > 0)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
        }

        foreach (var finding in report.Findings)
        {
            var level = CheckReportWriters.Level(finding.Severity);
            var painted = finding.Severity switch
            {
                FindingSeverity.Error => style.Red(level),
                FindingSeverity.Warning => style.Yellow(level),
                _ => style.Cyan(level),
            };
            await output.WriteLineAsync($"{painted} {finding.RuleId}: {finding.Message}").ConfigureAwait(false);
            await output.WriteLineAsync(style.Dim($"  see {finding.HelpUri}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        var counts = $"{report.Count(FindingSeverity.Error)} error(s), {report.Count(FindingSeverity.Warning)} warning(s), {report.Count(FindingSeverity.Note)} note(s)";
        await output.WriteLineAsync(report.Passed
            ? style.Green($"check passed: SafeMigrate can make every migration safe ({counts}).")
            : style.Red($"check failed: {counts}. Change the migrations as each error says, then run check again.")).ConfigureAwait(false);
    }
}
