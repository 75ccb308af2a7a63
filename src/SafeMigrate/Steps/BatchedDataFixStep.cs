using System.Data;
using SafeMigrate.FluentMigrator;

namespace SafeMigrate.Steps;

/// <summary>
/// A C# data fix of a migration run batch by batch (<c>Execute.WithConnectionInBatches(table, (connection, transaction,
/// batch) => ..)</c>): the backfill driver walks the table's key in time-sized ranges and calls the fix once per range,
/// in the batch's short transaction, which also saves the checkpoint. Opaque: what it does within a range is known only
/// to its author.
/// </summary>
/// <param name="Walks">The table whose key the batches follow (its schema resolved to the provider's default when the migration named none); also <see cref="Step.Table"/>.</param>
public sealed record BatchedDataFixStep(string Description, TableName Walks, Action<IDbConnection, IDbTransaction, DataFixBatch> Fix)
    : Step(Description, StepWork.Backfill, Walks)
{
    public override string? Sql => null;

    public override bool Transactional => false;
}
