using SafeMigrate.Planning;

namespace SafeMigrate.Checks;

/// <summary>
/// The refusals of a plan as findings: one per migration and rule, so a migration that adds three NOT NULL columns
/// without defaults is one finding that names all three, not three.
/// </summary>
internal static class RefusalFindings
{
    public static IReadOnlyList<Finding> From(IEnumerable<Refusal> refusals, IReadOnlyDictionary<long, string> migrationTypes) =>
        refusals
            .GroupBy(r => (r.Version, r.RuleId))
            .OrderBy(g => g.Key.Version).ThenBy(g => g.Key.RuleId, StringComparer.Ordinal)
            .Select(g => new Finding(
                g.Key.RuleId,
                CheckRules.Get(g.Key.RuleId).DefaultSeverity,
                g.Key.Version,
                migrationTypes.GetValueOrDefault(g.Key.Version),
                $"Migration {g.Key.Version}: " + string.Join(" Also: ", g.Select(r => $"{r.What}: {r.Reason} {r.Recipe}"))))
            .ToList();
}
