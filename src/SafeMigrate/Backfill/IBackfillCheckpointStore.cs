using Npgsql;

namespace SafeMigrate.Backfill;

/// <summary>
/// Where a backfill keeps its checkpoint (an opaque string). The backfill saves it inside each batch's own transaction,
/// so a batch and its checkpoint commit or vanish together: a killed run never redoes nor skips a batch.
/// </summary>
public interface IBackfillCheckpointStore
{
    /// <summary>The last saved checkpoint, or null when the backfill has not started.</summary>
    Task<string?> LoadAsync(CancellationToken ct);

    /// <summary>Saves the checkpoint through the batch's connection and transaction; must not commit.</summary>
    Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string checkpoint, CancellationToken ct);
}
