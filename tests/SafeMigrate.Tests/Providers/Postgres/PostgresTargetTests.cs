using SafeMigrate.Providers.Postgres;
using SafeMigrate.Errors;
using Xunit;

namespace SafeMigrate.Tests.Providers.Postgres;

public sealed class PostgresTargetTests
{
    [Theory]
    [InlineData(120022, 12)]
    [InlineData(150004, 15)]
    [InlineData(170010, 17)]
    [InlineData(180004, 18)]
    public void FromServerVersionNum_SupportedServer_MajorVersion(int number, int major) =>
        Assert.Equal(major, PostgresTarget.FromServerVersionNum(number).MajorVersion);

    [Theory]
    [InlineData(110022, "PostgreSQL 11.22, older than 12")]
    [InlineData(90624, "PostgreSQL 9.6.24, older than 12")]
    public void FromServerVersionNum_OlderThan12_DatabaseFailureSoExit3(int number, string expected)
    {
        // A live server below 12 is refused before anything is planned or changed (the CLI maps this to exit 3).
        var e = Assert.Throws<DatabaseFailureException>(() => PostgresTarget.FromServerVersionNum(number));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 18)]
    [InlineData("", 18)]
    [InlineData("12", 12)]
    [InlineData(" 16 ", 16)]
    [InlineData("15.4", 15)]
    public void Parse_OfflineVersion_DefaultsToNewest(string? text, int major) =>
        Assert.Equal(major, PostgresTarget.Parse(text).MajorVersion);

    [Theory]
    [InlineData("11", "PostgreSQL 11 is not supported")]
    [InlineData("9.6", "PostgreSQL 9 is not supported")]
    [InlineData("latest", "Unknown PostgreSQL version 'latest'")]
    [InlineData("-3", "Unknown PostgreSQL version '-3'")]
    public void Parse_UnsupportedOrMalformed_InvalidInputSoExit2(string text, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => PostgresTarget.Parse(text));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_ChangeAtTheReleasesThatBroughtThem()
    {
        Assert.Equal([18], Majors(t => t.NativeNotNullNotValid));
        Assert.Equal([17, 18], Majors(t => t.HasTransactionTimeout));
        Assert.Equal([14, 15, 16, 17, 18], Majors(t => t.HasDetachPartitionConcurrently));
        Assert.Equal([13, 14, 15, 16, 17, 18], Majors(t => t.HasBuiltInGenRandomUuid));
        Assert.Equal([18], Majors(t => t.GeneratedColumnsVirtualByDefault));
    }

    [Fact]
    public void Dialect_OfflineDefault_IsTheNewestSupported()
    {
        using var dialect = new PostgresDialect();
        Assert.Equal(PostgresTarget.NewestSupported, dialect.Target.MajorVersion);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(18)]
    public void SetNotNull_PlannedForTheTarget(int major)
    {
        using var dialect = new PostgresDialect(new PostgresTarget(major));
        var steps = dialect.SetNotNull(null, "users", "name");
        if (major >= 18)
        {
            Assert.Equal(2, steps.Count);
            Assert.Contains("ADD NOT NULL \"name\" NOT VALID", steps[0].Sql, StringComparison.Ordinal);
            Assert.Contains("VALIDATE CONSTRAINT", steps[1].Sql, StringComparison.Ordinal);
            Assert.Contains("transaction_timeout", steps[0].Sql, StringComparison.Ordinal);
            Assert.DoesNotContain("transaction_timeout", steps[1].Sql, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(3, steps.Count);
            Assert.Contains("CHECK (\"name\" IS NOT NULL) NOT VALID", steps[0].Sql, StringComparison.Ordinal);
            Assert.Contains("SET NOT NULL", steps[2].Sql, StringComparison.Ordinal);
            Assert.All(steps, s => Assert.DoesNotContain("transaction_timeout", s.Sql, StringComparison.Ordinal));
        }
    }

    private static int[] Majors(Func<PostgresTarget, bool> feature) =>
        Enumerable.Range(PostgresTarget.OldestSupported, PostgresTarget.NewestSupported - PostgresTarget.OldestSupported + 1)
            .Where(m => feature(new PostgresTarget(m))).ToArray();
}
