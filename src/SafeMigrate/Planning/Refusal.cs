namespace SafeMigrate.Planning;

/// <summary>Something of a migration that SafeMigrate cannot make safe: why, and the recipe that is.</summary>
/// <param name="RuleId">The rule <c>check</c> reports it under (see <see cref="Rules.RuleIds"/>).</param>
public sealed record Refusal(long Version, string RuleId, string What, string Reason, string Recipe)
{
    public override string ToString() => $"Migration {Version}: {What}: {Reason} {Recipe}";
}
