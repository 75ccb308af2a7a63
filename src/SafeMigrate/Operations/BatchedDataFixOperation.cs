using System.Data;
using SafeMigrate.Dialects;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// A C# data fix run in batches (<see cref="MigrationPhaseExtensions.WithConnectionInBatches"/>): one
/// <see cref="BatchedDataFixStep"/> in its phase, which the backfill driver runs one key range per short transaction,
/// resumable after its last committed batch. Opaque: the plan says so, and that rollback does not undo it.
/// </summary>
/// <param name="description">What the plan says; null: an author's opaque C# fix.</param>
internal sealed class BatchedDataFixOperation(
    SqlDialect dialect, string schema, string table, Action<IDbConnection, IDbTransaction, DataFixBatch> fix, DeclaredPhase phase, string? description = null) : Operation
{
    public override string Description => description ??
        $"run the C# data fix of Execute.WithConnectionInBatches{(phase == DeclaredPhase.Contract ? "InContract" : string.Empty)} in batches over {dialect.Table(schema, table)}, " +
        "one key range per short transaction (opaque: what it changes is known only to its author; not undone by rollback)";

    public override IReadOnlyList<Step> Expand() => phase == DeclaredPhase.Expand ? [Step()] : [];

    public override IReadOnlyList<Step> Contract() => phase == DeclaredPhase.Contract ? [Step()] : [];

    private BatchedDataFixStep Step() => new(Description, new TableName(schema, table), fix);
}
