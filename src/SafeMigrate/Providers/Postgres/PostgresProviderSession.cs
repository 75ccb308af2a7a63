using System.Data.Common;
using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Catalog;
using SafeMigrate.Execution;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Steps;
using SafeMigrate.Loading;

namespace SafeMigrate.Providers.Postgres;

/// <summary>One command's connection to PostgreSQL, which also holds the advisory lock when the command changes the database.</summary>
internal sealed class PostgresProviderSession(NpgsqlConnection connection, bool holdsMigrationLock, SafeMigratorOptions options) : IProviderSession
{
    public DbConnection Connection => connection;

    public StateSql StateSql => PostgresStateSchema.Sql;

    public DatabaseErrors Errors => PostgresErrors.Instance;

    public IBackfillSql Backfill => PostgresBackfillSql.Instance;

    public Task<CatalogSnapshot> ReadCatalogAsync(CancellationToken ct) => PostgresCatalog.ReadAsync(connection, ct);

    public async Task<PlanningInputs> ReadPlanningInputsAsync(IReadOnlyList<MigrationUnit> release, CancellationToken ct)
    {
        // The plan is written for the server's release (and refused below PostgreSQL 12, exit 3).
        var dialect = new PostgresDialect(await PostgresTargetReader.ReadAsync(connection, ct).ConfigureAwait(false));
        try
        {
            var catalog = await PostgresCatalog.ReadAsync(connection, ct).ConfigureAwait(false);
            var types = await PostgresCatalog.NormalizeTypesAsync(connection, ReleasePlanner.AlteredColumnTypes(dialect.FluentMigrator, release), ct).ConfigureAwait(false);
            var settings = await PostgresCatalog.ReadServerSettingsAsync(connection, ct).ConfigureAwait(false);
            return new PlanningInputs(dialect, catalog, types, settings);
        }
        catch
        {
            dialect.Dispose();
            throw;
        }
    }

    public async Task<long> CountSessionsAsync(string likePattern, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE @pattern", connection);
        command.Parameters.AddWithValue("pattern", likePattern);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public Task<IReadOnlyList<string>> ReadUnprovedNotNullsAsync(CancellationToken ct) => PostgresUnprovedNotNulls.ReadAsync(connection, ct);

    public async Task<bool> TryRunProviderStepAsync(Step step, RetryPolicy retry, CancellationToken ct)
    {
        var builds = new PostgresIndexBuilds(connection, options, retry);
        switch (step)
        {
            case ConcurrentIndexStep index:
                await builds.RunAsync(index, ct).ConfigureAwait(false);
                return true;
            case CopyColumnIndexesStep copy:
                await builds.RunAsync(copy, ct).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    public IReplicaPositions CreateReplicaPositions(SafeMigratorOptions options) => new PostgresReplicaPositions(options.Replicas);

    public async ValueTask DisposeAsync()
    {
        if (holdsMigrationLock && connection.State == System.Data.ConnectionState.Open)
        {
            await PostgresMigrationLock.Instance.ReleaseAsync(connection).ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
