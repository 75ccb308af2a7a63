using System.Data;

namespace SafeMigrate.Steps;

/// <summary>
/// A C# data fix of a migration (<c>Execute.WithConnection((connection, transaction) => ..)</c>), run with the runner's
/// connection inside a transaction that also records the step as done, so a resumed run never runs it twice. Opaque:
/// what it does is known only to its author.
/// </summary>
public sealed record DataFixStep(string Description, Action<IDbConnection, IDbTransaction> Fix) : Step(Description, StepWork.DataFix, null)
{
    public override string? Sql => null;

    public override bool Transactional => true;
}
