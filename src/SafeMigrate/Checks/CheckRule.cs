using SafeMigrate.Rules;
namespace SafeMigrate.Checks;

/// <summary>A rule <c>check</c> can report: its id, one-line title (SARIF's shortDescription) and default severity.</summary>
public sealed record CheckRule(string Id, string Title, FindingSeverity DefaultSeverity)
{
    public string HelpUri => RuleIds.HelpUri(Id);
}
