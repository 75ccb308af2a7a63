using FluentMigrator;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>
/// The replica-lag throttle on SQL Server: its T-SQL over the availability group DMVs, parsed and compared with
/// Golden/ReplicaLag.sql (no SQL Server runs here), and the throttle over the answers of a fake primary.
/// </summary>
public sealed class SqlServerReplicaLagTests
{
    private const string UpdateVariable = "SAFEMIGRATE_UPDATE_GOLDEN";

    [Migration(1)]
    private sealed class AddNickname : Migration
    {
        public override void Up() => Create.Column("nickname").OnTable("users").AsString(50).Nullable();

        public override void Down() { }
    }

    [Fact]
    public void TheReplicaLagTSql_MatchesItsGoldenFile_AndParsesFromSqlServer2012On()
    {
        var actual = $"-- can the login see the replicas?\n{SqlServerReplicaLagSql.CanSeeReplicasSql}\n\n-- the primary's and each secondary's last commit LSN\n{SqlServerReplicaLagSql.ReadPositionsSql}\n";
        var path = RepositoryLayout.PathOf("tests/SafeMigrate.Tests/Providers/SqlServer/Golden/ReplicaLag.sql");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), actual.Replace("\r\n", "\n", StringComparison.Ordinal));
        foreach (var parser in new TSqlParser[] { new TSql110Parser(true), new TSql130Parser(true), new TSql160Parser(true) })
        {
            foreach (var sql in new[] { SqlServerReplicaLagSql.CanSeeReplicasSql, SqlServerReplicaLagSql.ReadPositionsSql })
            {
                parser.Parse(new StringReader(sql), out var errors);
                Assert.True(errors.Count == 0, $"{parser.GetType().Name}: {string.Join("; ", errors.Select(e => e.Message))}\n{sql}");
            }
        }
    }

    [Fact]
    public async Task ASecondaryThatStopsRedoing_HoldsTheBackfill_UntilItCatchesUp()
    {
        var server = new FakeSqlServer();
        long primary = 1000, secondary = 1000;
        server.ReplicaPositions = () => [[true, "SQL1", (decimal)primary], [false, "SQL2", (decimal)secondary]];
        var connection = server.Connect();
        await using var throttle = new ReplicaLagThrottle(new SqlServerReplicaPositions(server.Target, []), TimeSpan.FromMilliseconds(10));
        await throttle.ValidateAsync(connection, CancellationToken.None);

        Assert.Null(await throttle.WhyWaitAsync(connection, CancellationToken.None));
        primary = 2000;
        Assert.Null(await throttle.WhyWaitAsync(connection, CancellationToken.None));
        await Task.Delay(50);
        primary = 3000;
        var why = await throttle.WhyWaitAsync(connection, CancellationToken.None);
        secondary = 3000;
        var afterCatchUp = await throttle.WhyWaitAsync(connection, CancellationToken.None);

        // The secondary still stood at 1000 when the primary had written 2000, 50 ms and more before.
        Assert.StartsWith("replica SQL2 is ", why, StringComparison.Ordinal);
        Assert.Null(afterCatchUp);
    }

    [Fact]
    public async Task AReplicaConnection_IsBadInputOnSqlServer_BeforeAnythingIsWritten()
    {
        var server = new FakeSqlServer();
        server.AddTable("users", ("id", "INT", true));

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            new SafeMigrator(server.Database(), new SafeMigratorOptions { Replicas = ["Server=replica2;Database=shop"] })
                .ExpandAsync(MigrationInstances.Collect(DatabaseProvider.SqlServer, new AddNickname())));

        Assert.StartsWith("--replica is for PostgreSQL only", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Log, l => l == SqlServerStateSchema.CreateSql);
    }
}
