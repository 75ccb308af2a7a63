using SafeMigrate.Catalog;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Planning;
using Xunit;
using SafeMigrate.Dialects;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>The survival rule of <see cref="SqlServerTypeChanges"/>, on the spellings SqlServerTypeNames and the catalog share.</summary>
public sealed class SqlServerTypeChangesTests
{
    [Theory]
    [InlineData("INT", "BIGINT")]
    [InlineData("TINYINT", "SMALLINT")]
    [InlineData("BIGINT", "INT")]
    [InlineData("NVARCHAR(200)", "NVARCHAR(100)")]
    [InlineData("NVARCHAR(MAX)", "NVARCHAR(100)")]
    [InlineData("VARCHAR(100)", "VARCHAR(50)")]
    [InlineData("VARBINARY(MAX)", "VARBINARY(16)")]
    [InlineData("DECIMAL(10,2)", "DECIMAL(18,2)")]
    public void SurvivingChanges_KeepTheirRecipe(string from, string to) =>
        Assert.Equal(TypeChangeRecipe.ShadowColumn, SqlServerTypeChanges.Decide(from, to).Recipe);

    [Theory]
    [InlineData("VARCHAR(100)", "NVARCHAR(100)")]
    [InlineData("NVARCHAR(100)", "NVARCHAR(MAX)")]
    [InlineData("VARBINARY(16)", "VARBINARY(MAX)")]
    [InlineData("INT", "NVARCHAR(10)")]
    [InlineData("DECIMAL(10,2)", "DECIMAL(10,4)")]
    [InlineData("REAL", "FLOAT")]
    [InlineData("DATETIME", "DATETIMEOFFSET(7)")]
    [InlineData("DATETIME2(7)", "DATETIMEOFFSET(7)")]
    [InlineData("INT", "DECIMAL(10,2)")]
    public void ValueChangingChanges_AreRefused(string from, string to) =>
        Assert.Equal(TypeChangeRecipe.Refused, SqlServerTypeChanges.Decide(from, to).Recipe);

    [Theory]
    [InlineData("NVARCHAR(100)", "NVARCHAR(200)")]
    [InlineData("VARCHAR(50)", "VARCHAR(8000)")]
    [InlineData("VARBINARY(16)", "VARBINARY(32)")]
    public void LongerLimit_NothingDependsOnTheColumn_InPlace(string from, string to) =>
        Assert.Equal(TypeChangeRecipe.InPlace, SqlServerTypeChanges.Decide(from, to, ColumnDependents.None).Recipe);

    /// <summary>An index, CHECK or computed column, or foreign key is checked or rebuilt with the column: not a metadata change.</summary>
    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void LongerLimit_SomethingDependsOnTheColumn_StillRefused(bool indexed, bool isChecked, bool foreignKey) =>
        Assert.Equal(TypeChangeRecipe.Refused, SqlServerTypeChanges.Decide("NVARCHAR(100)", "NVARCHAR(200)", new ColumnDependents(indexed, isChecked, foreignKey)).Recipe);
}
