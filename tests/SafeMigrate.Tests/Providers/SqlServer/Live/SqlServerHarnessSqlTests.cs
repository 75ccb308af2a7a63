using SafeMigrate.Testing;
using SafeMigrate.Tests.Providers.SqlServer;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// Runs everywhere (no server needed): every T-SQL text the live SQL Server tests send parses as SQL Server 2022 T-SQL
/// (ScriptDom), so that where no SQL Server runs at least their SQL is verified. What the server does with it is checked
/// only by the live tests themselves.
/// </summary>
public sealed class SqlServerHarnessSqlTests
{
    public static TheoryData<string> Cases => new(SqlServerReleaseCases.All.Select(c => c.Name));

    private static void AssertParses(string what, string sql)
    {
        var errors = TSql.ParseErrors(sql);
        Assert.True(errors.Count == 0, $"{what}: {string.Join("; ", errors)}\n{sql}");
        Assert.Equal(1, TSql.BatchCount(sql));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryClientStatementAndCheck_Parses(string name)
    {
        var release = Assert.Single(SqlServerReleaseCases.All, c => c.Name == name);
        foreach (var client in release.Clients)
        {
            AssertParses($"{name}: {client.Name} insert", client.InsertSql);
            AssertParses($"{name}: {client.Name} read", client.ReadSql);
            Assert.Contains("@id", client.InsertSql, StringComparison.Ordinal);
            Assert.Contains("@value", client.InsertSql, StringComparison.Ordinal);
            Assert.Contains("@id", client.ReadSql, StringComparison.Ordinal);
        }

        foreach (var check in release.Checks)
        {
            AssertParses($"{name}: {check.Description}", check.Sql);
        }
    }

    [Fact]
    public void HarnessQueries_Parse()
    {
        AssertParses("schema fingerprint", SqlServerSchemaFingerprint.Sql);
        AssertParses("VersionInfo exists", SqlServerReleaseHarness.VersionInfoExistsSql);
        AssertParses("read VersionInfo", SqlServerReleaseHarness.ReadVersionInfoSql);
        AssertParses("user tables", TestSqlServerTests.UserTableCountSql);
        AssertParses("database exists", TestSqlServerTests.DatabaseExistsSql);
        AssertParses("current database", TestSqlServerTests.CurrentDatabaseSql);
    }

    [Fact]
    public void TestDatabaseCreateAndDrop_Parse()
    {
        var name = "sm_test_" + Guid.NewGuid().ToString("N");
        AssertParses("create database", TestSqlServer.CreateDatabaseSql(name));
        AssertParses("drop database", TestSqlServer.DropDatabaseSql(name));
        Assert.Contains($"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;", TestSqlServer.DropDatabaseSql(name), StringComparison.Ordinal);
    }

    [Fact]
    public void Cases_CoverTheOperationsTheIssueNames()
    {
        Assert.Equal(
            ["AddForeignKey", "AddNotNullColumnWithDefault", "AddNullableColumn", "CreateIndex", "DropColumn", "RenameColumn", "RenameTable",
             "SetExistingRowsToOnCompositeKey", "UpdateAllRowsOnCompositeKey"],
            SqlServerReleaseCases.All.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(SqlServerReleaseCases.All.Count, SqlServerReleaseCases.All.Select(c => c.Migration.GetType()).Distinct().Count());
    }
}
