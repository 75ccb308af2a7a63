namespace SafeMigrate.Planning;

/// <summary>Something of a migration that SafeMigrate cannot make safe: why, and the recipe that is.</summary>
public sealed record Refusal(long Version, string What, string Reason, string Recipe)
{
    public override string ToString() => $"Migration {Version}: {What}: {Reason} {Recipe}";
}
