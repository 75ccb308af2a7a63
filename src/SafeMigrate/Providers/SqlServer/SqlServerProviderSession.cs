using System.Data.Common;
using System.Globalization;
using FluentMigrator.Expressions;
using SafeMigrate.Backfill;
using SafeMigrate.Catalog;
using SafeMigrate.Connections;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Steps;
using SafeMigrate.Loading;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// One command's connections to SQL Server: a work connection for state, catalog and steps, and (for commands that
/// change the database) the connection holding the application lock, used for nothing else.
/// </summary>
internal sealed class SqlServerProviderSession(
    DbConnection connection, DbConnection? lockConnection, int? lockSession, SqlServerTarget target, SqlServerErrors errors) : IProviderSession
{
    public DbConnection Connection => connection;

    public StateSql StateSql => SqlServerStateSchema.Sql;

    public DatabaseErrors Errors => errors;

    public IBackfillSql Backfill => SqlServerBackfillSql.Instance;

    public Task<CatalogSnapshot> ReadCatalogAsync(CancellationToken ct) => SqlServerCatalog.ReadAsync(connection, ct);

    public async Task<PlanningInputs> ReadPlanningInputsAsync(IReadOnlyList<MigrationUnit> release, CancellationToken ct)
    {
        var dialect = new SqlServerDialect(target);
        try
        {
            var catalog = await SqlServerCatalog.ReadAsync(connection, ct).ConfigureAwait(false);
            var types = ReleasePlanner.AlteredColumnTypes(dialect.FluentMigrator, release).ToDictionary(t => t, SqlServerTypeNames.Normalize, StringComparer.Ordinal);
            var irreplaceable = await SqlServerCatalog.ReadIrreplaceableColumnsAsync(connection, ct).ConfigureAwait(false);
            var uncopiable = await ReadUncopiableColumnsAsync(dialect, catalog, release, irreplaceable, ct).ConfigureAwait(false);
            return new PlanningInputs(dialect, catalog, types, null) { UncopiableColumns = uncopiable };
        }
        catch
        {
            dialect.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What the copy steps of a renamed or retyped column could not carry onto the new column
    /// (<see cref="SqlServerColumnCopySql.UncopiableSql"/>), for every column of the catalog the release renames or
    /// changes the type of: refused at plan time instead of lost at contract.
    /// </summary>
    /// <param name="irreplaceable">What is refused already (<see cref="SqlServerCatalog.ReadIrreplaceableColumnsAsync"/>): kept, and added to.</param>
    private async Task<IReadOnlyDictionary<(string, string, string), string>> ReadUncopiableColumnsAsync(
        SqlServerDialect dialect, CatalogSnapshot catalog, IReadOnlyList<MigrationUnit> release,
        IReadOnlyDictionary<(string Schema, string Table, string Column), string> irreplaceable, CancellationToken ct)
    {
        var problems = new Dictionary<(string, string, string), string>(irreplaceable, SqlServerCatalog.IgnoreCaseColumnKey.Instance);
        var asked = new HashSet<(string, string, string)>(SqlServerCatalog.IgnoreCaseColumnKey.Instance);
        foreach (var expression in release.SelectMany(m => m.Expressions))
        {
            var (schema, table, column) = expression switch
            {
                RenameColumnExpression e => (dialect.SchemaOrDefault(e.SchemaName), e.TableName, e.OldName),
                AlterColumnExpression e => (dialect.SchemaOrDefault(e.SchemaName), e.TableName, e.Column.Name),
                _ => (null!, null!, null!),
            };
            if (schema is null || catalog.Find(schema, table, column) is null || !asked.Add((schema, table, column)))
            {
                continue;
            }

            var problem = await connection.ScalarAsync(
                SqlServerColumnCopySql.UncopiableSql, null, ct, ("table", dialect.Table(schema, table)), ("column", column)).ConfigureAwait(false);
            if (problem is string text)
            {
                problems[(schema, table, column)] = irreplaceable.TryGetValue((schema, table, column), out var earlier) ? earlier + "; " + text : text;
            }
        }

        return problems;
    }

    /// <summary>
    /// Sessions of this database whose program name matches, other than SafeMigrate's own. <c>sys.dm_exec_sessions</c>
    /// shows a login without VIEW SERVER STATE (VIEW DATABASE STATE on Azure SQL Database) only its own session, which
    /// would read as "drained": that is refused rather than trusted.
    /// </summary>
    public async Task<long> CountSessionsAsync(string likePattern, CancellationToken ct)
    {
        var azure = target.Edition == SqlServerEdition.AzureSqlDatabase;
        var canSee = await connection.ScalarAsync(azure ? SqlServerDrainSql.CanSeeSessionsAzureSql : SqlServerDrainSql.CanSeeSessionsSql, null, ct).ConfigureAwait(false);
        if (Convert.ToInt32(canSee ?? 0, CultureInfo.InvariantCulture) != 1)
        {
            throw new RefusedException(
                $"--wait-for-drain needs to see other sessions in sys.dm_exec_sessions: grant {(azure ? "VIEW DATABASE STATE" : "VIEW SERVER STATE")} to SafeMigrate's login, or contract without --wait-for-drain once the old version is gone.");
        }

        var count = await connection.ScalarAsync(SqlServerDrainSql.CountSessionsSql, null, ct, ("pattern", likePattern), ("own_session", (object?)lockSession ?? DBNull.Value)).ConfigureAwait(false);
        return Convert.ToInt64(count ?? 0L, CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<string>> ReadUnprovedNotNullsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Every SQL Server step is a plain one (resumable index builds are SQL steps run outside a transaction).</summary>
    public Task<bool> TryRunProviderStepAsync(Step step, RetryPolicy retry, CancellationToken ct) => Task.FromResult(false);

    public IReplicaPositions CreateReplicaPositions(SafeMigratorOptions options) => new SqlServerReplicaPositions(target, options.Replicas);

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        if (lockConnection is null)
        {
            return;
        }

        if (lockConnection.State == System.Data.ConnectionState.Open)
        {
            try
            {
                await SqlServerMigrationLock.Instance.ReleaseAsync(lockConnection).ConfigureAwait(false);
            }
            catch (DbException)
            {
                // The session is going away: SQL Server releases a Session-owned applock when it ends.
            }
        }

        await lockConnection.DisposeAsync().ConfigureAwait(false);
    }
}
