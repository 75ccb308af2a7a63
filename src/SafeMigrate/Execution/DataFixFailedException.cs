using SafeMigrate.FluentMigrator;

namespace SafeMigrate.Execution;

/// <summary>The author's fix threw on <see cref="Batch"/>; the batch's transaction is rolled back, the batches before it stay committed.</summary>
internal sealed class DataFixFailedException(DataFixBatch batch, Exception inner) : Exception($"The data fix failed on {batch}: {inner.Message}", inner)
{
    public DataFixBatch Batch { get; } = batch;
}
