using System.Data;
using FluentMigrator.Expressions;

namespace SafeMigrate.FluentMigrator;

/// <summary>
/// A C# data fix (<c>Execute.WithConnection</c>) with the phase its author declared. It is a
/// <see cref="PerformDBOperationExpression"/>, so a plain FluentMigrator run executes it exactly as
/// <c>Execute.WithConnection</c>: the delegate gets the processor's connection and the migration's transaction.
/// </summary>
public sealed class PhasedConnectionExpression : PerformDBOperationExpression
{
    public PhasedConnectionExpression(Action<IDbConnection, IDbTransaction> operation, DeclaredPhase phase)
    {
        base.Operation = operation;
        Phase = phase;
    }

    public DeclaredPhase Phase { get; }

    public override string ToString() => $"PerformDBOperation ({Phase})";
}
