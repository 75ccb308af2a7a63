using SafeMigrate.Rules;
namespace SafeMigrate.Checks;

/// <summary>One thing <c>check</c> found about one migration.</summary>
/// <param name="RuleId">SM####, shared with the analyzer where the hazard is the same.</param>
/// <param name="Migration">The migration's version.</param>
/// <param name="MigrationType">The migration class's full name, when the assembly has it (SARIF's logical location).</param>
/// <param name="Message">What is wrong, why, and the safe recipe.</param>
public sealed record Finding(string RuleId, FindingSeverity Severity, long Migration, string? MigrationType, string Message)
{
    public string HelpUri => RuleIds.HelpUri(RuleId);
}
