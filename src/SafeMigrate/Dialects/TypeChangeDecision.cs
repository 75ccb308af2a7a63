namespace SafeMigrate.Dialects;

/// <summary>The recipe for one type change and why (the reason is printed in the plan, or in the refusal).</summary>
internal sealed record TypeChangeDecision(TypeChangeRecipe Recipe, string Reason)
{
    public static TypeChangeDecision InPlace(string reason) => new(TypeChangeRecipe.InPlace, reason);

    public static TypeChangeDecision Shadow(string reason) => new(TypeChangeRecipe.ShadowColumn, reason);

    public static TypeChangeDecision Refuse(string reason) => new(TypeChangeRecipe.Refused, reason);
}
