using System.Data.Common;
using FluentMigrator.Expressions;
using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Catalog;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;
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
            var uncopiable = await ReadUncopiableColumnsAsync(dialect, catalog, types, release, ct).ConfigureAwait(false);
            return new PlanningInputs(dialect, catalog, types, settings) { UncopiableColumns = uncopiable };
        }
        catch
        {
            dialect.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Probes the copies of every column of the catalog that the release renames or gives a new type
    /// (<see cref="ColumnCopyProbe"/>), so that one that cannot be copied is refused before anything runs. On a read-only
    /// server (a standby, where no temporary table can be made), or for a role without TEMPORARY on the database, nothing
    /// is probed (and the log says so); expand plans on the primary, with a role that can.
    /// </summary>
    private async Task<IReadOnlyDictionary<(string, string, string), string>> ReadUncopiableColumnsAsync(
        PostgresDialect dialect, CatalogSnapshot catalog, IReadOnlyDictionary<string, string> types, IReadOnlyList<MigrationUnit> release, CancellationToken ct)
    {
        var problems = new Dictionary<(string, string, string), string>();
        try
        {
            foreach (var expression in release.SelectMany(m => m.Expressions))
            {
                var (schema, table, column, toColumn, newType) = expression switch
                {
                    RenameColumnExpression e => (dialect.SchemaOrDefault(e.SchemaName), e.TableName, e.OldName, e.NewName, (string?)null),
                    AlterColumnExpression e => (dialect.SchemaOrDefault(e.SchemaName), e.TableName, e.Column.Name, dialect.ShadowColumn(e.SchemaName, e.TableName, e.Column.Name),
                        dialect.FluentMigrator.ColumnType(e.SchemaName, e.TableName, e.Column)),
                    ColumnConversionExpression e => (dialect.SchemaOrDefault(e.Schema), e.Table, e.Column, dialect.ShadowColumn(e.Schema, e.Table, e.Column), e.NewType),
                    _ => (null!, null!, null!, null!, null),
                };
                if (schema is null || catalog.Find(schema, table, column) is not { } current)
                {
                    continue;
                }

                var normalized = newType is null ? null : types.GetValueOrDefault(newType, newType);
                if (normalized is not null && normalized == current.Type)
                {
                    continue;
                }

                var copies = await ColumnCopyProbe.ReadAsync(connection, schema, table, column, toColumn, normalized is not null, normalized, ct).ConfigureAwait(false);
                if (copies.Problem is { } problem)
                {
                    problems[(schema, table, column)] = problem;
                }
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            options.Log?.Invoke("the server is read-only: the copies of renamed and retyped columns are checked when expand plans on the primary");
            return new Dictionary<(string, string, string), string>();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // A check-only role without TEMPORARY on the database; expand's role needs it for the copy step anyway.
            options.Log?.Invoke($"the copies of renamed and retyped columns were not checked: {e.MessageText} (the role needs TEMPORARY on the database)");
            return new Dictionary<(string, string, string), string>();
        }

        return problems;
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
