using System.Data.Common;
using SafeMigrate.Backfill;
using SafeMigrate.Catalog;
using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Steps;
using SafeMigrate.Loading;

namespace SafeMigrate.Execution;

/// <summary>
/// The provider-specific half of one command's session: its open work connection (and the migration lock's), the SQL
/// of its state, its errors and backfill batches, and the few reads and steps that only it knows. Everything else (the
/// step loop, retries, backfill driving, state transitions) is <see cref="ReleaseSession"/>'s, shared by every provider.
/// Disposing it releases the migration lock and closes the connections.
/// </summary>
internal interface IProviderSession : IAsyncDisposable
{
    /// <summary>The connection state, catalog reads and steps run on; its lock timeout is set.</summary>
    DbConnection Connection { get; }

    StateSql StateSql { get; }

    DatabaseErrors Errors { get; }

    IBackfillSql Backfill { get; }

    /// <summary>The tables, views, columns and other objects the running app version can see.</summary>
    Task<CatalogSnapshot> ReadCatalogAsync(CancellationToken ct);

    /// <summary>What planning <paramref name="release"/> on this server needs: its dialect (chosen by the server's version and edition), live catalog and settings.</summary>
    Task<PlanningInputs> ReadPlanningInputsAsync(IReadOnlyList<MigrationUnit> release, CancellationToken ct);

    /// <summary>How many other sessions of this database whose application name is LIKE <paramref name="likePattern"/> are connected.</summary>
    Task<long> CountSessionsAsync(string likePattern, CancellationToken ct);

    /// <summary>PostgreSQL 18: NOT NULL constraints still NOT VALID (new rows are checked, existing rows not proved); empty elsewhere.</summary>
    Task<IReadOnlyList<string>> ReadUnprovedNotNullsAsync(CancellationToken ct);

    /// <summary>
    /// Runs the work of a step kind only this provider plans (PostgreSQL's idempotent concurrent index builds), outside
    /// any transaction; false when <paramref name="step"/> is not one of them.
    /// </summary>
    Task<bool> TryRunProviderStepAsync(Step step, RetryPolicy retry, CancellationToken ct);

    /// <summary>The replica positions <see cref="ReplicaLagThrottle"/> reads: the replicas the primary knows of and <see cref="SafeMigratorOptions.Replicas"/>.</summary>
    IReplicaPositions CreateReplicaPositions(SafeMigratorOptions options);
}

/// <summary>What a live plan is made from; the session disposes the dialect once the plan is made.</summary>
/// <param name="NormalizedTypes">Each type an <c>Alter.Column</c> of the release names, as the server spells it in its catalog.</param>
internal sealed record PlanningInputs(SqlDialect Dialect, CatalogSnapshot Catalog, IReadOnlyDictionary<string, string> NormalizedTypes, ServerSettings? Settings)
{
    /// <summary>
    /// Columns the release renames or retypes whose indexes or constraints cannot be copied onto the new column, by
    /// (schema, table, column) as the catalog names them, with the reason; empty where the provider does not tell.
    /// </summary>
    public IReadOnlyDictionary<(string Schema, string Table, string Column), string> UncopiableColumns { get; init; } =
        new Dictionary<(string, string, string), string>();
}
