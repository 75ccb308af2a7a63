using FluentMigrator;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.State;
using SafeMigrate.Tests.Providers.SqlServer;
using Xunit;
using static SafeMigrate.Tests.Providers.SqlServer.SqlServerOperationMigrations;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>
/// The release flow on SQL Server through <see cref="SafeMigrator"/>, against <see cref="FakeSqlServer"/> (no SQL
/// Server runs here): what is sent, in which order, on which connection, and that every statement parses as T-SQL.
/// </summary>
public sealed class SqlServerReleaseTests
{
    private static readonly SafeMigratorOptions Options = new() { MaxLockAttempts = 3, DrainPollInterval = TimeSpan.FromMilliseconds(1) };

    private static FakeSqlServer Server()
    {
        var server = new FakeSqlServer();
        server.AddTable("users", ("id", "INT", true), ("name", "NVARCHAR(100)", false), ("email", "NVARCHAR(255)", true), ("legacy_code", "NVARCHAR(20)", false));
        return server;
    }

    private static IReadOnlyList<MigrationUnit> Units(params IMigration[] migrations) => MigrationInstances.Collect(DatabaseProvider.SqlServer, migrations);

    private static SafeMigrator Migrator(FakeSqlServer server, SafeMigratorOptions? options = null) => new(server.Database(), options ?? Options);

    /// <summary>The run's log with the step-done reads left out, constants named.</summary>
    private static List<string> Trace(FakeSqlServer server) => server.Log
        .Where(l => l != SqlServerStateSchema.IsDoneSql)
        .Select(l => l switch
        {
            SqlServerMigrationLock.AcquireSql => "applock",
            SqlServerMigrationLock.ReleaseSql => "release applock",
            SqlServerReleaseDatabase.SessionIdSql => "@@SPID",
            SqlServerTargetReader.Sql => "edition and version",
            SqlServerStateSchema.CreateSql => "state DDL",
            SqlServerStateSchema.ReadPhasesSql => "read phases",
            SqlServerStateSchema.VersionInfoExistsSql => "VersionInfo exists?",
            SqlServerStateSchema.ReadVersionInfoSql => "read VersionInfo",
            SqlServerStateSchema.SetPhaseSql => "set phase",
            SqlServerStateSchema.MarkStepSql => "mark step",
            SqlServerStateSchema.InsertVersionSql => "insert VersionInfo",
            SqlServerStateSchema.DeleteVersionSql => "delete VersionInfo",
            SqlServerStateSchema.ForgetSql => "forget",
            SqlServerCatalog.ColumnsSql => "catalog",
            SqlServerCatalog.ObjectsSql => "catalog objects",
            SqlServerColumnCopySql.UncopiableSql => "uncopiable?",
            SqlServerCatalog.IrreplaceableColumnsSql => "irreplaceable columns",
            SqlServerStateSchema.BeginExpandSql => "begin expand",
            SqlServerStateSchema.ReadExpandRecordSql => "read rollback",
            SqlServerStateSchema.ReadStartedStepsSql => "started steps",
            SqlServerReplicaLagSql.CanSeeReplicasSql => "can see replicas?",
            SqlServerReplicaLagSql.ReadPositionsSql => "replica positions",
            SqlServerPauseSql.ExistsSql => "paused?",
            SqlServerRunProgressSql.SaveSql => "save progress",
            SqlServerRunProgressSql.DeleteSql => "clear progress",
            SqlServerRunProgressSql.ExistsSql => "progress exists?",
            _ when l.StartsWith("SET LOCK_TIMEOUT 2000;", StringComparison.Ordinal) => "SET LOCK_TIMEOUT",
            _ when l.Contains("CREATE INDEX [ix_users_name]", StringComparison.Ordinal) => "create index",
            _ => l,
        })
        .ToList();

    private static void AssertEveryStatementParses(FakeSqlServer server)
    {
        Assert.NotEmpty(server.Commands);
        foreach (var sql in server.Commands.Select(c => c.Sql).Distinct())
        {
            var errors = TSql.ParseErrors(sql);
            Assert.True(errors.Count == 0, $"{string.Join("; ", errors)}\n{sql}");
        }
    }

    [Fact]
    public async Task Expand_TwoMigrations_LockStateStepsVersionInfoAndPhasesInOrder()
    {
        var server = Server();

        await Migrator(server).ExpandAsync(Units(new AddNullableColumn(), new CreateIndex()));

        var addNickname = Assert.Single(server.Commands, c => c.Sql.StartsWith("ALTER TABLE [dbo].[users] ADD [nickname]", StringComparison.Ordinal)).Sql;
        Assert.Equal(
        [
            "SET LOCK_TIMEOUT", "applock", "@@SPID",
            "SET LOCK_TIMEOUT", "edition and version", "can see replicas?",
            "state DDL", "read phases", "VersionInfo exists?",
            "catalog", "catalog objects", "VersionInfo exists?", "catalog", "catalog objects", "irreplaceable columns",
            "catalog", "catalog objects", "begin expand", "save progress", "paused?", "BEGIN", addNickname, "mark step", "COMMIT",
            "BEGIN", "insert VersionInfo", "set phase", "COMMIT",
            "catalog", "catalog objects", "begin expand", "save progress", "paused?", "replica positions", "mark step", "create index", "mark step",
            "BEGIN", "insert VersionInfo", "set phase", "COMMIT",
            "catalog", "catalog objects",
            "clear progress",
            "release applock",
        ],
            Trace(server));
        Assert.Equal(["expanding", "expanded"], server.Phases(1));
        Assert.Equal(["expanding", "expanded"], server.Phases(11));
        Assert.Equal([1L, 11L], server.VersionInfo!.Keys.Order());
        Assert.All(server.Commands.Where(c => c.Sql == SqlServerStateSchema.InsertVersionSql), c => Assert.True(c.InTransaction));
        Assert.False(Assert.Single(server.Commands, c => c.Sql.Contains("RESUMABLE = ON", StringComparison.Ordinal)).InTransaction);
        AssertEveryStatementParses(server);
    }

    [Fact]
    public async Task Expand_AppLockOnItsOwnConnection_ReleasedAndClosedAtTheEnd()
    {
        var server = Server();

        await Migrator(server).ExpandAsync(Units(new AddNullableColumn()));

        Assert.Equal(2, server.Connections.Count);
        var lockConnection = server.Connections[0];
        Assert.Equal(
            [SqlServerReleaseDatabase.SessionSettingsSql(Options.LockTimeout), SqlServerMigrationLock.AcquireSql, SqlServerReleaseDatabase.SessionIdSql, SqlServerMigrationLock.ReleaseSql],
            lockConnection.OwnCommands.Select(c => c.Sql));
        Assert.Contains("@LockOwner = N'Session'", SqlServerMigrationLock.AcquireSql, StringComparison.Ordinal);
        Assert.StartsWith("SET LOCK_TIMEOUT 2000;", server.Connections[1].OwnCommands[0].Sql, StringComparison.Ordinal);
        Assert.All(server.Connections, c => Assert.True(c.IsDisposed));
    }

    [Fact]
    public async Task Expand_AppLockBusy_IsBlocked_BeforeAnythingIsWritten()
    {
        var server = Server();
        server.AppLockResult = -1;

        await Assert.ThrowsAsync<BlockedException>(() => Migrator(server).ExpandAsync(Units(new AddNullableColumn())));

        Assert.Equal(["SET LOCK_TIMEOUT", "applock"], Trace(server));
        Assert.True(Assert.Single(server.Connections).IsDisposed);
    }

    [Fact]
    public async Task Expand_LockTimeoutOnAStep_RolledBackThenRetried()
    {
        var server = Server();
        var tries = 0;
        server.Before = c => c.Sql.StartsWith("ALTER TABLE [dbo].[users] ADD [nickname]", StringComparison.Ordinal) && ++tries == 1 ? throw new FakeSqlError(1222) : null;

        await Migrator(server).ExpandAsync(Units(new AddNullableColumn()));

        var trace = Trace(server);
        var first = trace.IndexOf("BEGIN");
        var add = server.Commands.First(c => c.Sql.StartsWith("ALTER TABLE [dbo].[users] ADD [nickname]", StringComparison.Ordinal)).Sql;
        Assert.Equal(["BEGIN", add, "ROLLBACK", "BEGIN", add, "mark step", "COMMIT"], trace.Skip(first).Take(7));
        Assert.Equal(2, tries);
        Assert.Equal(["expanding", "expanded"], server.Phases(1));
        AssertEveryStatementParses(server);
    }

    [Fact]
    public async Task Expand_HalfDone_ResumesAfterTheLastDoneStep()
    {
        var server = Server();
        server.States[1] = ("add nickname", "expanded");
        server.VersionInfo = new() { [1] = "add nickname" };

        await Migrator(server).ExpandAsync(Units(new AddNullableColumn(), new CreateIndex()));

        Assert.DoesNotContain(server.Commands, c => c.Sql.Contains("[nickname]", StringComparison.Ordinal));
        Assert.Empty(server.Phases(1));
        Assert.Equal(["expanding", "expanded"], server.Phases(11));
    }

    [Fact]
    public async Task Expand_SelfCheckFindsARemovedColumn_RollsTheExpandBack()
    {
        var server = Server();
        server.Before = c =>
        {
            if (c.Sql.Contains("DROP COLUMN [legacy_code]", StringComparison.Ordinal))
            {
                server.Columns.RemoveAll(k => k.Column == "legacy_code");
            }

            return null;
        };

        var refused = await Assert.ThrowsAsync<RefusedException>(() => Migrator(server).ExpandAsync(Units(new DropsColumnInExpand())));

        Assert.Contains("legacy_code", refused.Message, StringComparison.Ordinal);
        var trace = Trace(server);
        var drop = trace.FindIndex(l => l.Contains("DROP COLUMN [legacy_code]", StringComparison.Ordinal));
        var restore = trace.FindIndex(l => l.Contains("ADD [legacy_code]", StringComparison.Ordinal));
        Assert.True(drop >= 0 && restore > drop, string.Join("\n", trace));
        Assert.True(trace.IndexOf("delete VersionInfo") > restore);
        Assert.True(trace.IndexOf("forget") > restore);
        Assert.Equal(["expanding", "expanded", "rolling_back"], server.Phases(30));
        Assert.DoesNotContain(30L, server.States.Keys);
        Assert.DoesNotContain(30L, server.VersionInfo!.Keys);
        AssertEveryStatementParses(server);
    }

    [Fact]
    public async Task Expand_SelfCheckOff_KeepsTheExpand()
    {
        var server = Server();

        await Migrator(server, Options with { SelfCheck = false }).ExpandAsync(Units(new DropsColumnInExpand()));

        // The catalog is read to answer the migrations' schema queries, by the plan, and for the record of what existed
        // before the migration's expand (what rollback must keep); without the self-check it is not read after expand.
        Assert.Equal(3, server.Commands.Count(c => c.Sql == SqlServerCatalog.ColumnsSql));
        Assert.Equal(["expanding", "expanded"], server.Phases(30));
    }

    [Fact]
    public async Task Contract_BeforeExpand_IsRefused_AndRunsNoStep()
    {
        var server = Server();

        var refused = await Assert.ThrowsAsync<RefusedException>(() => Migrator(server).ContractAsync(Units(new DropColumn())));

        Assert.Contains("run expand first", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.Sql.Contains("legacy_code", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Commands, c => c.Sql == SqlServerStateSchema.SetPhaseSql);
        Assert.Contains(server.Commands, c => c.Sql == SqlServerMigrationLock.ReleaseSql);
    }

    [Fact]
    public async Task Contract_WaitsForTheOldVersionToLeave_ThenDrops()
    {
        var server = Server();
        server.States[9] = ("drop legacy_code", "expanded");
        server.VersionInfo = new() { [9] = "drop legacy_code" };
        server.OldVersionSessions.Enqueue(2);
        server.OldVersionSessions.Enqueue(0);
        var log = new List<string>();

        await Migrator(server, Options with { WaitForDrainPattern = "orders-api*", Log = log.Add }).ContractAsync(Units(new DropColumn()));

        var counts = server.Commands.Where(c => c.Sql == SqlServerDrainSql.CountSessionsSql).ToList();
        Assert.Equal(2, counts.Count);
        Assert.All(counts, c => Assert.Equal("orders-api%", c.Parameters["@pattern"]));
        Assert.All(counts, c => Assert.Equal(77, c.Parameters["@own_session"]));
        Assert.Contains(log, l => l.Contains("waiting for the old version to leave: 2 session(s)", StringComparison.Ordinal));
        var lastCount = server.Log.LastIndexOf(SqlServerDrainSql.CountSessionsSql);
        var dropAt = server.Log.FindIndex(l => l.Contains("[legacy_code]", StringComparison.Ordinal));
        Assert.True(dropAt > lastCount);
        Assert.Equal(["contracting", "contracted"], server.Phases(9));
        AssertEveryStatementParses(server);
    }

    [Fact]
    public async Task Rollback_AfterContractBegan_IsRefused_AndRunsNoStep()
    {
        var server = Server();
        server.States[9] = ("drop legacy_code", "contracting");
        server.VersionInfo = new() { [9] = "drop legacy_code" };

        var refused = await Assert.ThrowsAsync<RefusedException>(() => Migrator(server).RollbackAsync(Units(new DropColumn())));

        Assert.Contains("no longer possible", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.Sql == SqlServerStateSchema.SetPhaseSql || c.Sql == SqlServerStateSchema.ForgetSql);
        Assert.Equal("contracting", server.States[9].Phase);
    }

    [Fact]
    public async Task Rollback_OfAnExpand_UndoesItAndForgetsTheMigration()
    {
        var server = Server();
        server.States[1] = ("add nickname", "expanded");
        server.DoneSteps.Add((1, "expand", 0));
        server.VersionInfo = new() { [1] = "add nickname" };

        await Migrator(server).RollbackAsync(Units(new AddNullableColumn()));

        var trace = Trace(server);
        var drop = trace.FindIndex(l => l.Contains("[nickname]", StringComparison.Ordinal));
        Assert.True(drop > trace.IndexOf("set phase"));
        Assert.Equal(["BEGIN", "VersionInfo exists?", "delete VersionInfo", "forget", "COMMIT"], trace.Skip(trace.IndexOf("delete VersionInfo") - 2).Take(5));
        Assert.Empty(server.States);
        Assert.Empty(server.VersionInfo);
        AssertEveryStatementParses(server);
    }

    [Fact]
    public async Task Plan_ReadsTheCatalog_SameTypeNotNullIsNoTypeChange()
    {
        var server = Server();
        server.Target = SqlServerTarget.MostConservative;
        server.Columns.RemoveAll(c => c.Column == "name");
        server.AddTable("users", ("name", "NVARCHAR(200)", false));

        var sameType = (await Migrator(server).PlanAsync(Units(new ChangeColumnType()))).Migrations.Single();
        server.Columns.RemoveAll(c => c.Column == "name");
        server.AddTable("users", ("name", "NVARCHAR(300)", false));
        var narrowed = (await Migrator(server).PlanAsync(Units(new ChangeColumnType()))).Migrations.Single();

        Assert.Empty(sameType.Expand);
        Assert.DoesNotContain(sameType.Contract, s => s.Sql?.Contains("_sm_new", StringComparison.Ordinal) == true);
        Assert.Contains(narrowed.Expand, s => s.Sql?.Contains("_sm_new", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(server.Commands, c => c.Sql == SqlServerMigrationLock.AcquireSql || c.Sql == SqlServerStateSchema.CreateSql);
    }

    /// <summary>
    /// A renamed or retyped column in an index or CHECK constraint the copy steps do not carry over (filtered, clustered,
    /// primary key, CHECK) is refused before anything runs: contract would drop it with the old column.
    /// </summary>
    [Theory]
    [InlineData("rename", "email", "its index [ix_users_email_active] is filtered, which SafeMigrate does not copy on SQL Server")]
    [InlineData("retype", "name", "its CHECK constraint [ck_users_name] (([name]<>N'')) is not copied on SQL Server")]
    public async Task Expand_ColumnWithAnUncopiableIndexOrCheck_RefusedBeforeAnyChange(string change, string column, string problem)
    {
        var server = Server();
        server.Target = SqlServerTarget.MostConservative;
        server.Columns.RemoveAll(c => c.Column == "name");
        server.AddTable("users", ("name", "NVARCHAR(300)", false));
        server.Uncopiable[("[dbo].[users]", column)] = problem;
        IMigration migration = change == "rename" ? new SqlServerOperationMigrations.RenameColumn() : new SqlServerOperationMigrations.ChangeColumnType();

        var refusal = Assert.Single((await Migrator(server).PlanAsync(Units(migration))).Refusals);
        var refused = await Assert.ThrowsAsync<RefusedException>(() => Migrator(server).ExpandAsync(Units(migration)));

        Assert.Equal(Rules.RuleIds.UncopiableColumnDependent, refusal.RuleId);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        // No step ran: no new column, trigger, copy or rename.
        string[] catalogReads = [SqlServerCatalog.ColumnsSql, SqlServerCatalog.ObjectsSql, SqlServerCatalog.IrreplaceableColumnsSql, SqlServerColumnCopySql.UncopiableSql];
        Assert.DoesNotContain(server.Commands.Where(c => !catalogReads.Contains(c.Sql)), c => c.Sql.Contains("_sm_new", StringComparison.Ordinal) || c.Sql.Contains("[email_address]", StringComparison.Ordinal)
            || c.Sql.Contains("CREATE TRIGGER", StringComparison.Ordinal) || c.Sql.Contains("sp_rename", StringComparison.Ordinal));
        Assert.Empty(TSql.ParseErrors(SqlServerColumnCopySql.UncopiableSql));
    }

    /// <summary>
    /// A longer NVARCHAR limit with nothing depending on the column: one ALTER COLUMN in expand, keeping nullability
    /// and collation (read when the step runs), no shadow column; with an index on the column, still refused.
    /// </summary>
    [Fact]
    public async Task Expand_LongerLimit_InPlace_WithTheColumnsNullabilityAndCollation()
    {
        var server = Server();
        server.Columns.RemoveAll(c => c.Column == "name");
        server.AddTable("users", ("name", "NVARCHAR(100)", false));

        var migration = (await Migrator(server).PlanAsync(Units(new ChangeColumnType()))).Migrations.Single();
        await Migrator(server).ExpandAsync(Units(new ChangeColumnType()));

        var step = Assert.IsType<Steps.SqlStep>(Assert.Single(migration.Expand));
        Assert.Contains("in place", step.Description, StringComparison.Ordinal);
        Assert.Contains("N'ALTER TABLE [dbo].[users] ALTER COLUMN [name] NVARCHAR(200)' + @collation + @nullability", step.Statement, StringComparison.Ordinal);
        Assert.DoesNotContain(migration.Expand.Concat(migration.Contract), s => s.Sql?.Contains("_sm_new", StringComparison.Ordinal) == true);
        Assert.Contains(server.Commands, c => c.Sql.Contains("ALTER COLUMN [name] NVARCHAR(200)", StringComparison.Ordinal));
        AssertEveryStatementParses(server);

        var indexed = Server();
        indexed.Columns.RemoveAll(c => c.Column == "name");
        indexed.Columns.Add(new Catalog.CatalogColumn("dbo", "users", "name", "NVARCHAR(100)", false) { Dependents = new Catalog.ColumnDependents(true, false, false) });
        Assert.Equal(SafeMigrate.Rules.RuleIds.TypeChangeWouldAlterValues, Assert.Single((await Migrator(indexed).PlanAsync(Units(new ChangeColumnType()))).Refusals).RuleId);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("VARCHAR(200)")]
    public async Task Plan_TypeChangeThatWouldAlterOverlapValues_IsRefused(string currentType)
    {
        var server = Server();
        server.Columns.RemoveAll(c => c.Column == "name");
        server.AddTable("users", ("name", currentType, false));

        var plan = await Migrator(server).PlanAsync(Units(new ChangeColumnType()));

        Assert.Equal(SafeMigrate.Rules.RuleIds.TypeChangeWouldAlterValues, Assert.Single(plan.Refusals).RuleId);
        Assert.Contains(currentType, plan.Refusals[0].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Commands, c => c.Sql == SqlServerMigrationLock.AcquireSql || c.Sql == SqlServerStateSchema.CreateSql);
    }

    [Fact]
    public async Task Status_MergesVersionInfoAndState()
    {
        var server = Server();
        server.VersionInfo = new() { [1] = "applied by FluentMigrator", [5] = "five" };
        server.States[5] = ("five", "expanded");
        server.States[7] = ("seven", "expanding");

        var statuses = (await new SafeMigrator(server.Database()).ReadStatusAsync(null)).Migrations;

        Assert.Equal(
            [(1L, MigrationPhase.Contracted), (5L, MigrationPhase.Expanded), (7L, MigrationPhase.Expanding)],
            statuses.Select(s => (s.Version, s.Phase)));
        Assert.Equal("applied by FluentMigrator", statuses[0].Description);
        AssertEveryStatementParses(server);
    }

    [Fact]
    public async Task Status_OfAFreshDatabase_CreatesNothing()
    {
        var server = Server();

        var statuses = (await new SafeMigrator(server.Database()).ReadStatusAsync(null)).Migrations;

        Assert.Empty(statuses);
        Assert.Equal([SqlServerStateSchema.VersionInfoExistsSql, SqlServerStateSchema.MigrationStateExistsSql, SqlServerHeartbeatSql.ExistsSql, SqlServerPauseSql.ExistsSql, SqlServerRunProgressSql.ExistsSql], server.Commands.Select(c => c.Sql).SkipWhile(s => s != SqlServerStateSchema.VersionInfoExistsSql));
    }

    [Theory]
    [InlineData("NVARCHAR(200)", "NVARCHAR(200)")]
    [InlineData("nvarchar (max)", "NVARCHAR(MAX)")]
    [InlineData("DATETIME2", "DATETIME2(7)")]
    [InlineData("DECIMAL(10)", "DECIMAL(10,0)")]
    [InlineData("DECIMAL(19,5)", "DECIMAL(19,5)")]
    [InlineData("INT", "INT")]
    public void TypeNames_SpellFluentMigratorTypesAsTheCatalogReadsThem(string type, string expected) =>
        Assert.Equal(expected, SqlServerTypeNames.Normalize(type));

    [Fact]
    public void OrchestrationTSql_Parses()
    {
        string[] sql =
        [
            SqlServerCatalog.ColumnsSql, SqlServerDrainSql.CanSeeSessionsSql, SqlServerDrainSql.CanSeeSessionsAzureSql, SqlServerDrainSql.CountSessionsSql,
            SqlServerReleaseDatabase.SessionIdSql, SqlServerStateSchema.MigrationStateExistsSql, SqlServerStateSchema.ReadStatesSql, SqlServerStateSchema.ForgetSql,
            SqlServerStateSchema.VersionInfoExistsSql, SqlServerStateSchema.ReadVersionInfoSql,
            SqlServerRunProgressSql.ExistsSql, SqlServerRunProgressSql.ReadSql, SqlServerRunProgressSql.SaveSql, SqlServerRunProgressSql.DeleteSql,
        ];
        foreach (var text in sql)
        {
            Assert.True(TSql.ParseErrors(text).Count == 0, $"{string.Join("; ", TSql.ParseErrors(text))}\n{text}");
        }
    }

    [Migration(30)]
    public sealed class DropsColumnInExpand : Migration
    {
        public override void Up() => Execute.SqlInExpand(
            "ALTER TABLE [dbo].[users] DROP COLUMN [legacy_code];", "ALTER TABLE [dbo].[users] ADD [legacy_code] nvarchar(20) NULL;");

        public override void Down() { }
    }
}
