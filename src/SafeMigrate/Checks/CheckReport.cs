using SafeMigrate.Loading;
using SafeMigrate.Planning;

namespace SafeMigrate.Checks;

/// <summary>What <c>check</c> found about a release, and the plan it checked (to show what it will split and how).</summary>
/// <param name="Provider">The database the release was checked for.</param>
/// <param name="Plan">The plan of the checked migrations, in the SQL of <paramref name="Provider"/>.</param>
/// <param name="Server">The live server's version, or null for an offline check.</param>
public sealed record CheckReport(
    DatabaseProvider Provider,
    ReleasePlan Plan,
    string? Server,
    IReadOnlyList<Finding> Findings)
{
    public bool IsLive => Server is not null;

    /// <summary>Only errors fail the check: everything else can be deployed as is.</summary>
    public bool Passed => Findings.All(f => f.Severity != FindingSeverity.Error);

    public int Count(FindingSeverity severity) => Findings.Count(f => f.Severity == severity);
}
