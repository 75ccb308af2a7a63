using SafeMigrate.Cli.Reporting;

namespace SafeMigrate.Cli.Formats;

/// <summary>The formats of <c>check --format</c>.</summary>
internal static class CheckReportWriters
{
    public static readonly string[] Formats = ["text", "json", "sarif", "github"];

    public static ICheckReportWriter For(string format, ConsoleStyle style) => format switch
    {
        "json" => new JsonCheckReportWriter(),
        "sarif" => new SarifCheckReportWriter(),
        "github" => new GithubAnnotationsWriter(),
        _ => new TextCheckReportWriter(style),
    };

    public static string Level(Checks.FindingSeverity severity) => severity switch
    {
        Checks.FindingSeverity.Error => "error",
        Checks.FindingSeverity.Warning => "warning",
        _ => "note",
    };
}
