using SafeMigrate.Providers.Postgres;
using SafeMigrate.Planning;
using Xunit;
using SafeMigrate.Catalog;
using SafeMigrate.Dialects;

namespace SafeMigrate.Tests.Providers.Postgres;

/// <summary>The whitelists of <see cref="PostgresTypeChanges"/>, on format_type spellings (the in-place pairs are proved against a server in ChangeColumnTypeInPlaceOperationTests).</summary>
public sealed class PostgresTypeChangesTests
{
    private static readonly ServerSettings Utc15 = new(150004, "Etc/UTC");

    [Theory]
    [InlineData("character varying(20)", "character varying(20000)")]
    [InlineData("character varying(20)", "character varying")]
    [InlineData("character varying(20)", "text")]
    [InlineData("character varying", "text")]
    [InlineData("text", "character varying")]
    [InlineData("numeric(10,2)", "numeric(38,2)")]
    [InlineData("numeric(10,2)", "numeric")]
    [InlineData("bit varying(8)", "bit varying(9)")]
    [InlineData("bit varying(8)", "bit varying")]
    [InlineData("timestamp(0) without time zone", "timestamp(6) without time zone")]
    [InlineData("timestamp(3) with time zone", "timestamp with time zone")]
    [InlineData("timestamp without time zone", "timestamp with time zone")]
    public void CatalogOnlyChanges_RunInPlace(string from, string to) =>
        Assert.Equal(TypeChangeRecipe.InPlace, PostgresTypeChanges.Decide(from, to, Utc15).Recipe);

    [Theory]
    [InlineData("smallint", "integer")]
    [InlineData("smallint", "bigint")]
    [InlineData("integer", "bigint")]
    [InlineData("bigint", "integer")]
    [InlineData("character varying(20)", "character varying(10)")]
    [InlineData("text", "character varying(10)")]
    [InlineData("numeric(12,2)", "numeric(8,2)")]
    [InlineData("numeric", "numeric(8,2)")]
    public void SurvivingChanges_UseTheShadowColumn(string from, string to) =>
        Assert.Equal(TypeChangeRecipe.ShadowColumn, PostgresTypeChanges.Decide(from, to, Utc15).Recipe);

    [Theory]
    [InlineData("numeric(10,2)", "numeric(12,4)")]
    [InlineData("numeric(10,4)", "numeric(10,2)")]
    [InlineData("integer", "text")]
    [InlineData("integer", "numeric(10,2)")]
    [InlineData("real", "double precision")]
    [InlineData("double precision", "real")]
    [InlineData("timestamp(6) without time zone", "timestamp(3) without time zone")]
    [InlineData("timestamp with time zone", "timestamp without time zone")]
    [InlineData("timestamp(3) without time zone", "timestamp(3) with time zone")]
    [InlineData("date", "timestamp without time zone")]
    [InlineData("uuid", "text")]
    [InlineData("character(5)", "character(10)")]
    [InlineData("integer[]", "bigint[]")]
    [InlineData("character varying(20)", "integer")]
    public void ValueChangingChanges_AreRefused(string from, string to)
    {
        var decision = PostgresTypeChanges.Decide(from, to, Utc15);
        Assert.Equal(TypeChangeRecipe.Refused, decision.Recipe);
        Assert.Contains(from, decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(150004, "UTC", TypeChangeRecipe.InPlace)]
    [InlineData(120000, "Etc/UTC", TypeChangeRecipe.InPlace)]
    [InlineData(180000, "GMT", TypeChangeRecipe.InPlace)]
    [InlineData(150004, "utc", TypeChangeRecipe.InPlace)]
    [InlineData(110010, "UTC", TypeChangeRecipe.Refused)]
    [InlineData(150004, "Europe/London", TypeChangeRecipe.Refused)]
    [InlineData(150004, "Asia/Karachi", TypeChangeRecipe.Refused)]
    [InlineData(150004, "<+05>-05", TypeChangeRecipe.Refused)]
    public void TimestampToTimestampTz_DependsOnTheSessionZoneAndVersion(int version, string zone, object expected) =>
        Assert.Equal(expected, PostgresTypeChanges.Decide("timestamp without time zone", "timestamp with time zone", new ServerSettings(version, zone)).Recipe);

    [Theory]
    [InlineData("character varying(20)", "character varying(40)", TypeChangeRecipe.Refused)]
    [InlineData("character varying(20)", "text", TypeChangeRecipe.Refused)]
    [InlineData("numeric(10,2)", "numeric(12,2)", TypeChangeRecipe.ShadowColumn)]
    [InlineData("character varying(20)", "character varying(10)", TypeChangeRecipe.ShadowColumn)]
    public void WithACheckConstraint_NothingRunsInPlace(string from, string to, object expected) =>
        Assert.Equal(expected, PostgresTypeChanges.Decide(from, to, Utc15, new ColumnDependents(false, true, false)).Recipe);

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void TimestampToTimestampTz_WithAnIndexOrConstraint_IsRefusedEvenUnderUtc(bool indexed, bool checkedColumn, bool foreignKey) =>
        Assert.Equal(TypeChangeRecipe.Refused, PostgresTypeChanges.Decide("timestamp without time zone", "timestamp with time zone", Utc15, new ColumnDependents(indexed, checkedColumn, foreignKey)).Recipe);

    [Theory]
    [InlineData("character varying(20)", "character varying(40)")]
    [InlineData("numeric(10,2)", "numeric(12,2)")]
    public void IndexesAndForeignKeys_DoNotStopABinaryCoercibleChange(string from, string to) =>
        Assert.Equal(TypeChangeRecipe.InPlace, PostgresTypeChanges.Decide(from, to, Utc15, new ColumnDependents(true, false, true)).Recipe);

    [Fact]
    public void TimestampToTimestampTz_WithoutSettings_IsRefused() =>
        Assert.Equal(TypeChangeRecipe.Refused, PostgresTypeChanges.Decide("timestamp without time zone", "timestamp with time zone", null).Recipe);
}
