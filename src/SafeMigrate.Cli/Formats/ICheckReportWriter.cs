using SafeMigrate.Checks;

namespace SafeMigrate.Cli.Formats;

/// <summary>Writes a check report to stdout in one --format.</summary>
internal interface ICheckReportWriter
{
    /// <param name="assemblyPath">The checked assembly, as given on the command line (SARIF's artifact).</param>
    Task WriteAsync(TextWriter output, CheckReport report, string assemblyPath);
}
