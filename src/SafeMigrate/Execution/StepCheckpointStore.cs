using System.Data.Common;
using SafeMigrate.State;

namespace SafeMigrate.Execution;

/// <summary>
/// Keeps a backfill's checkpoint in <c>safe_migrate.step_state.checkpoint</c>, the row of one migration step
/// (version, phase, step index), marked <c>running</c>. Marking the step <c>done</c> is the step runner's business.
/// </summary>
internal sealed class StepCheckpointStore : IBackfillCheckpointStore
{
    private static readonly string[] Phases = ["expand", "contract", "rollback"];

    private readonly StateSql _sql;
    private readonly long _version;
    private readonly string _phase;
    private readonly int _stepIndex;
    private readonly string _description;
    private bool _schemaKnownToExist;

    /// <param name="sql">The provider's state statements.</param>
    /// <param name="version">The migration's version.</param>
    /// <param name="phase"><c>expand</c>, <c>contract</c> or <c>rollback</c>.</param>
    /// <param name="stepIndex">The step's index in its phase.</param>
    /// <param name="description">Written when the step's row does not exist yet; an existing row keeps its own.</param>
    public StepCheckpointStore(StateSql sql, long version, string phase, int stepIndex, string description = "backfill")
    {
        if (!Phases.Contains(phase, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The phase must be one of {string.Join(", ", Phases)}, not '{phase}'.", nameof(phase));
        }

        _sql = sql;
        _version = version;
        _phase = phase;
        _stepIndex = stepIndex;
        _description = description;
    }

    public async Task<string?> LoadAsync(DbConnection connection, CancellationToken ct)
    {
        var store = new StateStore(connection, _sql);
        return await store.ExistsAsync(ct).ConfigureAwait(false)
            ? await store.LoadCheckpointAsync(_version, _phase, _stepIndex, ct).ConfigureAwait(false)
            : null;
    }

    public async Task SaveAsync(DbConnection connection, DbTransaction transaction, string checkpoint, CancellationToken ct)
    {
        if (!_schemaKnownToExist)
        {
            // Creating the state schema needs CREATE on the database even when it exists (PostgreSQL), so it runs only
            // when the tables are really missing; inside the batch's transaction, it commits with the first batch.
            var store = new StateStore(connection, _sql);
            if (!await store.ExistsAsync(ct, transaction).ConfigureAwait(false))
            {
                await store.EnsureSchemaAsync(ct, transaction).ConfigureAwait(false);
            }

            _schemaKnownToExist = true;
        }

        await new StateStore(connection, _sql).SaveCheckpointAsync(_version, _phase, _stepIndex, _description, checkpoint, transaction, ct).ConfigureAwait(false);
    }
}
