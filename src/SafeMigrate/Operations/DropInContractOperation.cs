using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>A dropped foreign key, unique or primary-key constraint, default, sequence or schema: the old version may rely on it, so it goes in contract.</summary>
internal sealed class DropInContractOperation(string description, string dropSql) : Operation
{
    public override string Description => description;

    public override IReadOnlyList<Step> Contract() => [new SqlStep(description, dropSql)];
}
