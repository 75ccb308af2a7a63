using SafeMigrate.Providers.SqlServer;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>The pause statements of SQL Server, parsed as SQL Server 2022 reads them (no server runs here: not executed).</summary>
public sealed class SqlServerPauseSqlTests
{
    public static TheoryData<string, string> Statements() => new()
    {
        { nameof(SqlServerPauseSql.Sql.Create), SqlServerPauseSql.Sql.Create },
        { nameof(SqlServerPauseSql.Sql.Exists), SqlServerPauseSql.Sql.Exists },
        { nameof(SqlServerPauseSql.Sql.Read), SqlServerPauseSql.Sql.Read },
        { nameof(SqlServerPauseSql.Sql.Pause), SqlServerPauseSql.Sql.Pause },
        { nameof(SqlServerPauseSql.Sql.Resume), SqlServerPauseSql.Sql.Resume },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public void EveryStatement_ParsesAsOneBatch(string name, string sql)
    {
        Assert.True(TSql.ParseErrors(sql).Count == 0, $"{name}: {string.Join("; ", TSql.ParseErrors(sql))}");
        Assert.Equal(1, TSql.BatchCount(sql));
    }
}
