using FluentMigrator;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Tests.Execution;
using Xunit;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// The shadow-column recipe, used only where every value the new version writes during the overlap (into the original
/// column, still of the old type) comes out as plain FluentMigrator stores it, or is rejected with an error.
/// </summary>
public sealed class ChangeColumnTypeOperationTests
{
    [Migration(1)]
    private sealed class CTo(string type) : Migration
    {
        public override void Up() => Alter.Column("c").OnTable("t").AsCustom(type).Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CToInt64 : Migration
    {
        public override void Up() => Alter.Column("c").OnTable("t").AsInt64().Nullable();

        public override void Down() { }
    }

    [Fact]
    public async Task IntegerToBigint_OutOfRangeWritesAreRejectedDuringTheOverlap_NoneChanged()
    {
        var migrations = MigrationInstances.Collect(new CToInt64());
        var outcome = await OverlapWrites.RunAsync(
            "CREATE TABLE t (id integer PRIMARY KEY, c integer); CREATE INDEX ix_t_c ON t (c); INSERT INTO t VALUES (1, 2147483647), (2, -2147483648), (3, 0), (4, NULL);",
            "UTC",
            migrations,
            ["2147483647", "-2147483648", "2147483648", "-2147483649", "9223372036854775807", "007", " 42 ", "+5", "-0", "1.5", "1e3", "0x1F", "1_000", ""],
            afterExpand: async cs => Assert.Equal("integer", await ReleaseHarness.ScalarAsync(cs, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'")));

        OverlapWrites.AssertNoValueChanged(outcome, "2147483648", "-2147483649", "9223372036854775807");
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "007" && w.Stored == "7");
        Assert.Contains(outcome.Plain, w => w.Value == "9223372036854775807" && w.Stored == "9223372036854775807");
    }

    [Fact]
    public async Task VarcharNarrowing_TooLongWritesAreRejected_ExcessSpacesCutAsPlainFluentMigratorCutsThem()
    {
        var outcome = await OverlapWrites.RunAsync(
            "CREATE TABLE t (id integer PRIMARY KEY, c varchar(10)); INSERT INTO t VALUES (1, 'abcde'), (2, 'ab   '), (3, NULL);",
            "UTC",
            MigrationInstances.Collect(new CTo("varchar(5)")),
            ["abcde", "abcdef", "abcde     ", "abcde      ", "abcde    x", "ünïcø", ""]);

        OverlapWrites.AssertNoValueChanged(outcome);
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "abcdef" && w.Rejected);
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "abcde     " && w.Stored == "abcde");
    }

    [Fact]
    public async Task NumericPrecisionDownAtTheSameScale_RoundsOnceAsPlainFluentMigrator()
    {
        var outcome = await OverlapWrites.RunAsync(
            "CREATE TABLE t (id integer PRIMARY KEY, c numeric(12,2)); INSERT INTO t VALUES (1, 999999.99), (2, -0.01), (3, NULL);",
            "UTC",
            MigrationInstances.Collect(new CTo("numeric(8,2)")),
            ["999999.99", "999999.995", "1000000", "0.005", "-0.005", "1.0049", "NaN", "Infinity"]);

        OverlapWrites.AssertNoValueChanged(outcome);
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "1.0049" && w.Stored == "1.00");
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "1000000" && w.Rejected);
    }
}
