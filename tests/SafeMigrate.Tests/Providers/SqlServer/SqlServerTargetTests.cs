using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Errors;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer;

public sealed class SqlServerTargetTests
{
    // edition, major version → online index, resumable CREATE INDEX, low-priority wait on CREATE INDEX, online ALTER COLUMN, metadata-only NOT NULL default
    [Theory]
    [InlineData(SqlServerEdition.Standard, 13, false, false, false, false, false)]
    [InlineData(SqlServerEdition.Standard, 16, false, false, false, false, false)]
    [InlineData(SqlServerEdition.Standard, 17, false, false, false, false, false)]
    [InlineData(SqlServerEdition.Express, 16, false, false, false, false, false)]
    [InlineData(SqlServerEdition.Enterprise, 13, true, false, false, true, true)]
    [InlineData(SqlServerEdition.Enterprise, 14, true, false, false, true, true)]
    [InlineData(SqlServerEdition.Enterprise, 15, true, true, false, true, true)]
    [InlineData(SqlServerEdition.Enterprise, 16, true, true, true, true, true)]
    [InlineData(SqlServerEdition.Enterprise, 17, true, true, true, true, true)]
    [InlineData(SqlServerEdition.AzureSqlDatabase, 12, true, true, true, true, true)]
    [InlineData(SqlServerEdition.AzureSqlManagedInstance, 12, true, true, true, true, true)]
    public void Capabilities_FollowEditionAndVersion(
        SqlServerEdition edition, int major, bool online, bool resumable, bool lowPriority, bool onlineAlterColumn, bool metadataDefault)
    {
        var target = new SqlServerTarget(edition, major);
        Assert.Equal(online, target.OnlineIndexOperations);
        Assert.Equal(resumable, target.ResumableIndexCreation);
        Assert.Equal(lowPriority, target.LowPriorityWaitOnCreateIndex);
        Assert.Equal(onlineAlterColumn, target.OnlineAlterColumn);
        Assert.Equal(metadataDefault, target.AddsNotNullColumnWithDefaultAsMetadata);
    }

    [Theory]
    [InlineData(2, 15, SqlServerEdition.Standard)]
    [InlineData(3, 16, SqlServerEdition.Enterprise)]
    [InlineData(4, 14, SqlServerEdition.Express)]
    [InlineData(5, 12, SqlServerEdition.AzureSqlDatabase)]
    [InlineData(8, 12, SqlServerEdition.AzureSqlManagedInstance)]
    [InlineData(1, 13, SqlServerEdition.Standard)]
    [InlineData(99, 16, SqlServerEdition.Standard)]
    public void FromServerProperties_MapsEngineEdition(int engineEdition, int major, SqlServerEdition expected)
    {
        var target = SqlServerTarget.FromServerProperties(engineEdition, major);
        Assert.Equal(expected, target.Edition);
        Assert.Equal(major, target.MajorVersion);
    }

    [Fact]
    public void Parse_NothingGiven_IsStandard2016()
    {
        Assert.Equal(new SqlServerTarget(SqlServerEdition.Standard, 13), SqlServerTarget.Parse(null, null));
        Assert.Equal(SqlServerTarget.MostConservative, SqlServerTarget.Parse(" ", ""));
    }

    [Theory]
    [InlineData("enterprise", "2019", SqlServerEdition.Enterprise, 15)]
    [InlineData("Developer", "2022", SqlServerEdition.Enterprise, 16)]
    [InlineData("azure", null, SqlServerEdition.AzureSqlDatabase, 13)]
    [InlineData("express", "2025", SqlServerEdition.Express, 17)]
    [InlineData(null, "2017", SqlServerEdition.Standard, 14)]
    public void Parse_CommandLineNames(string? edition, string? version, SqlServerEdition expectedEdition, int expectedMajor) =>
        Assert.Equal(new SqlServerTarget(expectedEdition, expectedMajor), SqlServerTarget.Parse(edition, version));

    [Theory]
    [InlineData("datacenter", null)]
    [InlineData(null, "2018")]
    [InlineData(null, "sixteen")]
    public void Parse_UnknownValues_AreBadInput(string? edition, string? version) =>
        Assert.Throws<InvalidInputException>(() => SqlServerTarget.Parse(edition, version));

    [Fact]
    public void Name_SaysEditionAndYear()
    {
        Assert.Equal("SQL Server 2016 Standard", SqlServerTarget.MostConservative.Name);
        Assert.Equal("SQL Server 2022 Enterprise", new SqlServerTarget(SqlServerEdition.Enterprise, 16).Name);
        Assert.Equal("Azure SQL Database", new SqlServerTarget(SqlServerEdition.AzureSqlDatabase, 12).Name);
    }
}
