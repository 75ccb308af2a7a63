using System.Data;
using FluentMigrator;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Steps;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// C# data fixes with a declared phase (<c>Execute.WithConnectionInExpand</c> / <c>InContract</c>): run in their phase,
/// exactly once (a fix whose transaction was interrupted leaves nothing and runs again; a finished one never again),
/// under the lock timeout; plain FluentMigrator runs them as <c>Execute.WithConnection</c>.
/// </summary>
public sealed class DataFixOperationTests
{
    private const string Setup = """
        CREATE TABLE settings (id integer PRIMARY KEY, value text NOT NULL);
        INSERT INTO settings VALUES (1, 'mode=on'), (2, 'mode=off');
        CREATE TABLE fix_runs (phase text NOT NULL, lock_timeout text NOT NULL);
        """;

    /// <summary>Rewrites every setting from "k=v" to "k: v" in C#, and records that it ran and the lock timeout it ran under.</summary>
    private static void RewriteSettings(IDbConnection connection, IDbTransaction transaction, string phase)
    {
        var rows = new List<(int Id, string Value)>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT id, value FROM settings ORDER BY id";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt32(0), reader.GetString(1)));
            }
        }

        foreach (var (id, value) in rows)
        {
            using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = $"UPDATE settings SET value = '{value.Replace("=", ": ")}' WHERE id = {id}";
            write.ExecuteNonQuery();
        }

        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = $"INSERT INTO fix_runs SELECT '{phase}', current_setting('lock_timeout')";
        record.ExecuteNonQuery();
    }

    [Migration(1)]
    private sealed class FixInExpand : Migration
    {
        public override void Up() => Execute.WithConnectionInExpand((c, t) => RewriteSettings(c, t, "expand"));

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class FixInContract : Migration
    {
        public override void Up() => Execute.WithConnectionInContract((c, t) => RewriteSettings(c, t, "contract"));

        public override void Down() { }
    }

    [Fact]
    public void Plan_OneOpaqueStepInItsPhase()
    {
        var expand = Assert.Single(SafeMigrator.PlanOffline(MigrationInstances.Collect(new FixInExpand())).Migrations);
        var contract = Assert.Single(SafeMigrator.PlanOffline(MigrationInstances.Collect(new FixInContract())).Migrations);

        var step = Assert.IsType<DataFixStep>(Assert.Single(expand.Expand));
        Assert.Contains("opaque", step.Description, StringComparison.Ordinal);
        Assert.Contains("not undone by rollback", step.Description, StringComparison.Ordinal);
        Assert.Empty(expand.Contract);
        Assert.Empty(expand.Rollback);
        Assert.Empty(contract.Expand);
        Assert.IsType<DataFixStep>(Assert.Single(contract.Contract));
    }

    [Fact]
    public async Task ExpandFix_InterruptedAfterItsWork_LeavesNothing_ThenRunsExactlyOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("datafix_expand");
        try
        {
            await ExecuteAsync(connectionString, Setup);
            var migrations = MigrationInstances.Collect(new FixInExpand());
            var killed = new SafeMigrator(connectionString, Options with
            {
                InjectFault = p =>
                {
                    if (p == new StepFaultPoint(1, "expand", 0, AfterWork: true))
                    {
                        throw new InvalidOperationException("killed");
                    }
                },
            });

            await Assert.ThrowsAsync<InvalidOperationException>(() => killed.ExpandAsync(migrations));
            // The fix and its "done" mark are one transaction: nothing of it stays.
            Assert.Equal("mode=on,mode=off", await ScalarAsync(connectionString, "SELECT string_agg(value, ',' ORDER BY id) FROM settings"));
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM fix_runs"));

            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(migrations);
            await migrator.ExpandAsync(migrations);
            await migrator.ContractAsync(migrations);

            Assert.Equal("mode: on,mode: off", await ScalarAsync(connectionString, "SELECT string_agg(value, ',' ORDER BY id) FROM settings"));
            // Once, under the runner's lock timeout (Options: 2 s).
            Assert.Equal("expand 2s", await ScalarAsync(connectionString, "SELECT string_agg(phase || ' ' || lock_timeout, ',') FROM fix_runs"));
            Assert.Equal(MigrationPhase.Contracted, (await migrator.StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task ContractFix_RunsOnlyInContract()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("datafix_contract");
        try
        {
            await ExecuteAsync(connectionString, Setup);
            var migrations = MigrationInstances.Collect(new FixInContract());
            var migrator = new SafeMigrator(connectionString, Options);

            await migrator.ExpandAsync(migrations);
            Assert.Equal("mode=on,mode=off", await ScalarAsync(connectionString, "SELECT string_agg(value, ',' ORDER BY id) FROM settings"));

            await migrator.ContractAsync(migrations);
            Assert.Equal("mode: on,mode: off", await ScalarAsync(connectionString, "SELECT string_agg(value, ',' ORDER BY id) FROM settings"));
            Assert.Equal("contract", await ScalarAsync(connectionString, "SELECT string_agg(phase, ',') FROM fix_runs"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task PlainFluentMigrator_RunsItAsExecuteWithConnection()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("datafix_plain");
        try
        {
            await ExecuteAsync(connectionString, Setup);

            PlainFluentMigrator.Apply(connectionString, MigrationInstances.Collect(new FixInContract()));

            Assert.Equal("mode: on,mode: off", await ScalarAsync(connectionString, "SELECT string_agg(value, ',' ORDER BY id) FROM settings"));
            Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM fix_runs"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
