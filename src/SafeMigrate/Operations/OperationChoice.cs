namespace SafeMigrate.Operations;

/// <summary>
/// What an operation decides for one expression: the operations that carry it out (the variant it chose), or a
/// refusal with its rule id, what was refused, why, and the recipe that makes the change safe.
/// </summary>
internal sealed record OperationChoice(IReadOnlyList<Operation> Operations, (string RuleId, string What, string Reason, string Recipe)? Refused)
{
    public static OperationChoice Of(params Operation[] operations) => new(operations, null);

    public static OperationChoice Refuse(string ruleId, string what, string reason, string recipe) => new([], (ruleId, what, reason, recipe));
}
