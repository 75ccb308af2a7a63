using SafeMigrate.Providers.SqlServer;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>The heartbeat statements of SQL Server, parsed as SQL Server 2022 reads them (no server runs here).</summary>
public sealed class SqlServerHeartbeatSqlTests
{
    public static TheoryData<string, string> Statements() => new()
    {
        { nameof(SqlServerHeartbeatSql.Sql.Create), SqlServerHeartbeatSql.Sql.Create },
        { nameof(SqlServerHeartbeatSql.Sql.Exists), SqlServerHeartbeatSql.Sql.Exists },
        { nameof(SqlServerHeartbeatSql.Sql.Beat), SqlServerHeartbeatSql.Sql.Beat },
        { nameof(SqlServerHeartbeatSql.Sql.Leave), SqlServerHeartbeatSql.Sql.Leave },
        { nameof(SqlServerHeartbeatSql.Sql.Prune), SqlServerHeartbeatSql.Sql.Prune },
        { nameof(SqlServerHeartbeatSql.Sql.ReadLive), SqlServerHeartbeatSql.Sql.ReadLive },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public void EveryStatement_ParsesAsOneBatch(string name, string sql)
    {
        Assert.True(TSql.ParseErrors(sql).Count == 0, $"{name}: {string.Join("; ", TSql.ParseErrors(sql))}");
        Assert.Equal(1, TSql.BatchCount(sql));
    }

    [Fact]
    public void TheStateSchema_CreatesTheHeartbeatTableToo()
    {
        Assert.Contains(SqlServerHeartbeatSql.CreateSql, SqlServerStateSchema.Sql.Create, StringComparison.Ordinal);
        Assert.Contains(SqlServerRunProgressSql.CreateSql, SqlServerStateSchema.Sql.Create, StringComparison.Ordinal);
        Assert.Contains(SqlServerPauseSql.CreateSql, SqlServerStateSchema.Sql.Create, StringComparison.Ordinal);
        Assert.Empty(TSql.ParseErrors(SqlServerStateSchema.Sql.Create));
    }
}
