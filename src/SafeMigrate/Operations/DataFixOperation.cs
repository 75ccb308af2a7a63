using System.Data;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A C# data fix with a declared phase (<see cref="MigrationPhaseExtensions.WithConnectionInExpand"/>): one
/// <see cref="DataFixStep"/> in that phase, run once in a transaction that also records it as done. Opaque: the plan
/// says so, and that rollback does not undo it.
/// </summary>
internal sealed class DataFixOperation(Action<IDbConnection, IDbTransaction> fix, DeclaredPhase phase) : Operation
{
    public override string Description =>
        $"run the C# data fix of Execute.WithConnectionIn{phase} (opaque: what it changes is known only to its author; not undone by rollback)";

    public override IReadOnlyList<Step> Expand() => phase == DeclaredPhase.Expand ? [new DataFixStep(Description, fix)] : [];

    public override IReadOnlyList<Step> Contract() => phase == DeclaredPhase.Contract ? [new DataFixStep(Description, fix)] : [];
}
