using System.Data.Common;

namespace SafeMigrate.Execution;

/// <summary>
/// Where a backfill keeps its checkpoint (an opaque string). The backfill saves it inside each batch's own transaction,
/// so a batch and its checkpoint commit or vanish together: a killed run never redoes nor skips a batch.
/// </summary>
internal interface IBackfillCheckpointStore
{
    /// <summary>The last saved checkpoint, or null when the backfill has not started.</summary>
    Task<string?> LoadAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Saves the checkpoint through the batch's connection and transaction; must not commit.</summary>
    Task SaveAsync(DbConnection connection, DbTransaction transaction, string checkpoint, CancellationToken ct);
}
