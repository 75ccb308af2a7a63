using System.Data;
using System.Data.Common;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Execution;
using SafeMigrate.State;
using SafeMigrate.Catalog;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>
/// Answers the queries of the SQL Server orchestration over <see cref="RecordingConnection"/>s as a database would:
/// the application lock's result, the edition and version, the state tables, VersionInfo and the catalog, which its
/// writes (phases, step marks, VersionInfo rows) change. Every connection it opens records into one shared log.
/// Transactions are not simulated: a write counts when it is sent.
/// </summary>
internal sealed class FakeSqlServer
{
    public List<RecordedCommand> Commands { get; } = [];

    public List<string> Log { get; } = [];

    public List<RecordingConnection> Connections { get; } = [];

    /// <summary>What <c>sp_getapplock</c> returns: 0 granted, -1 timed out (another run holds it).</summary>
    public int AppLockResult { get; set; }

    public SqlServerTarget Target { get; set; } = new(SqlServerEdition.Enterprise, 16);

    public Dictionary<long, (string Description, string Phase)> States { get; } = [];

    public HashSet<(long Version, string Phase, int Index)> DoneSteps { get; } = [];

    /// <summary>Steps marked running and not (yet) done.</summary>
    public HashSet<(long Version, string Phase, int Index)> RunningSteps { get; } = [];

    /// <summary>The undo recorded when each migration's expand began.</summary>
    public Dictionary<long, string> Rollbacks { get; } = [];

    /// <summary>Null: FluentMigrator's VersionInfo does not exist yet.</summary>
    public Dictionary<long, string>? VersionInfo { get; set; }

    public List<CatalogColumn> Columns { get; } = [];

    /// <summary>What <see cref="SqlServerColumnCopySql.UncopiableSql"/> answers for a (quoted table, column): an index or CHECK the copies would lose.</summary>
    public Dictionary<(string Table, string Column), string> Uncopiable { get; } = [];
    /// <summary>What <see cref="SqlServerCatalog.IrreplaceableColumnsSql"/> finds: (schema, table, column, reason) rows.</summary>
    public List<object[]> IrreplaceableColumns { get; } = [];

    /// <summary>Counts <c>sys.dm_exec_sessions</c> answers in turn (the last one repeats).</summary>
    public Queue<long> OldVersionSessions { get; } = new();

    /// <summary>
    /// What <c>sys.dm_hadr_database_replica_states</c> shows at each read: (is_local, replica, last_commit_lsn) rows;
    /// empty: the database is in no availability group.
    /// </summary>
    public Func<IEnumerable<object[]>> ReplicaPositions { get; set; } = () => [];

    /// <summary>Test-specific answers (a lock timeout, a step that drops a column), asked before the defaults.</summary>
    public Func<RecordedCommand, object?>? Before { get; set; }

    public SqlServerReleaseDatabase Database() =>
        new(_ => Task.FromResult(Connect()), FakeSqlError.Errors, (_, _) => Task.CompletedTask);

    public void AddTable(string table, params (string Column, string Type, bool NotNull)[] columns) =>
        Columns.AddRange(columns.Select(c => new CatalogColumn("dbo", table, c.Column, c.Type, c.NotNull)));

    public IEnumerable<object?> Phases(long version) =>
        Commands.Where(c => c.Sql is SqlServerStateSchema.SetPhaseSql or SqlServerStateSchema.BeginExpandSql && Equals(c.Parameters["@version"], version))
            .Select(c => c.Sql == SqlServerStateSchema.BeginExpandSql ? "expanding" : c.Parameters["@phase"]);

    public DbConnection Connect()
    {
        var connection = new RecordingConnection(Commands, Log) { Respond = Respond };
        Connections.Add(connection);
        return connection;
    }

    private object? Respond(RecordedCommand c)
    {
        if (Before?.Invoke(c) is { } answer)
        {
            return answer;
        }

        var version = c.Parameters.GetValueOrDefault("@version") as long? ?? 0;
        switch (c.Sql)
        {
            case SqlServerMigrationLock.AcquireSql:
                return AppLockResult;
            case SqlServerReleaseDatabase.SessionIdSql:
                return 77;
            case SqlServerTargetReader.Sql:
                return Table(["edition", "major"], [[Target.Edition switch { SqlServerEdition.Enterprise => 3, SqlServerEdition.AzureSqlDatabase => 5, _ => 2 }, Target.MajorVersion]]);
            case SqlServerStateSchema.MigrationStateExistsSql:
                return States.Count > 0 ? 1 : 0;
            case SqlServerStateSchema.ReadPhasesSql:
                return Table(["version", "phase"], States.Select(s => new object[] { s.Key, s.Value.Phase }));
            case SqlServerStateSchema.ReadStatesSql:
                return Table(["version", "description", "phase"], States.Select(s => new object[] { s.Key, s.Value.Description, s.Value.Phase }));
            case SqlServerStateSchema.SetPhaseSql:
                States[version] = ((string)c.Parameters["@description"]!, (string)c.Parameters["@phase"]!);
                return 1;
            case SqlServerStateSchema.BeginExpandSql:
                States[version] = ((string)c.Parameters["@description"]!, "expanding");
                Rollbacks[version] = (string)c.Parameters["@record"]!;
                return 1;
            case SqlServerStateSchema.ReadExpandRecordSql:
                return Rollbacks.GetValueOrDefault(version);
            case SqlServerStateSchema.ReadStartedStepsSql:
                return Table(["step_index"], DoneSteps.Concat(RunningSteps).Where(d => d.Version == version && d.Phase == (string)c.Parameters["@phase"]!).Select(d => new object[] { d.Index }));
            case SqlServerStateSchema.MarkStepSql when (string)c.Parameters["@status"]! == "running":
                RunningSteps.Add((version, (string)c.Parameters["@phase"]!, (int)c.Parameters["@index"]!));
                return 1;
            case SqlServerStateSchema.IsDoneSql:
                return DoneSteps.Contains((version, (string)c.Parameters["@phase"]!, (int)c.Parameters["@index"]!)) ? 1 : null;
            case SqlServerStateSchema.MarkStepSql when (string)c.Parameters["@status"]! == "done":
                DoneSteps.Add((version, (string)c.Parameters["@phase"]!, (int)c.Parameters["@index"]!));
                return 1;
            case SqlServerStateSchema.VersionInfoExistsSql:
                return VersionInfo is null ? 0 : 1;
            case SqlServerStateSchema.ReadVersionInfoSql:
                return Table(["Version", "Description"], (VersionInfo ?? []).Select(v => new object[] { v.Key, v.Value }));
            case SqlServerStateSchema.InsertVersionSql:
                (VersionInfo ??= [])[version] = (string)c.Parameters["@description"]!;
                return 1;
            case SqlServerStateSchema.DeleteVersionSql:
                VersionInfo?.Remove(version);
                return 1;
            case SqlServerStateSchema.ForgetSql:
                States.Remove(version);
                Rollbacks.Remove(version);
                DoneSteps.RemoveWhere(d => d.Version == version);
                RunningSteps.RemoveWhere(d => d.Version == version);
                return 1;
            case SqlServerColumnCopySql.UncopiableSql:
                return Uncopiable.GetValueOrDefault(((string)c.Parameters["@table"]!, (string)c.Parameters["@column"]!));
            case SqlServerCatalog.IrreplaceableColumnsSql:
                return Table(["schema", "table", "column", "reason"], IrreplaceableColumns);
            case SqlServerCatalog.ColumnsSql:
                return Table(
                    ["schema", "table", "column", "type", "not_null", "indexed", "checked", "foreign_key"],
                    Columns.Select(k => new object[] { k.Schema, k.Table, k.Column, k.Type, k.NotNull, k.Dependents.Indexed, k.Dependents.Checked, k.Dependents.ForeignKey }));
            case SqlServerDrainSql.CanSeeSessionsSql or SqlServerDrainSql.CanSeeSessionsAzureSql or SqlServerReplicaLagSql.CanSeeReplicasSql:
                return 1;
            case SqlServerReplicaLagSql.ReadPositionsSql:
                return Table(["is_local", "replica_server_name", "last_commit_lsn"], ReplicaPositions());
            case SqlServerDrainSql.CountSessionsSql:
                return OldVersionSessions.Count > 1 ? OldVersionSessions.Dequeue() : OldVersionSessions.TryPeek(out var last) ? last : 0L;
            default:
                return null;
        }
    }

    private static DataTable Table(string[] columns, IEnumerable<object[]> rows)
    {
        var table = new DataTable();
        var first = rows.ToList();
        for (var i = 0; i < columns.Length; i++)
        {
            table.Columns.Add(columns[i], first.Count > 0 ? first[0][i].GetType() : typeof(object));
        }

        foreach (var row in first)
        {
            table.Rows.Add(row);
        }

        return table;
    }
}
