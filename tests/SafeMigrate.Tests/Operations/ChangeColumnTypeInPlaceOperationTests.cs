using FluentMigrator;
using Npgsql;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// Catalog-only type changes run in expand, in place: the table and its indexes keep their files (no rewrite, no
/// rebuild), both versions write the new type at once, and what gets stored equals plain FluentMigrator's.
/// </summary>
public sealed class ChangeColumnTypeInPlaceOperationTests
{
    [Migration(1)]
    private sealed class AlterTo(string type, bool nullable = true) : Migration
    {
        public override void Up()
        {
            var column = Alter.Column("c").OnTable("t").AsCustom(type);
            if (nullable)
            {
                column.Nullable();
            }
            else
            {
                column.NotNullable();
            }
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class EmailTo500 : Migration
    {
        public override void Up() => Alter.Column("email").OnTable("users").AsString(500).NotNullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CToTimestampTz : Migration
    {
        public override void Up() => Alter.Column("c").OnTable("t").AsDateTimeOffset().Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CToDecimal(int precision, int scale) : Migration
    {
        public override void Up() => Alter.Column("c").OnTable("t").AsDecimal(precision, scale).Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CToString(int? length) : Migration
    {
        public override void Up()
        {
            var column = Alter.Column("c").OnTable("t");
            (length is { } n ? column.AsString(n) : column.AsString()).Nullable();
        }

        public override void Down() { }
    }

    /// <summary>Each pair PostgresTypeChanges calls catalog-only, on a table with rows and an index on the column.</summary>
    [Theory]
    [InlineData("varchar(20)", "varchar(40)", "character varying(40)")]
    [InlineData("varchar(20)", "varchar", "character varying")]
    [InlineData("varchar(20)", "text", "text")]
    [InlineData("varchar", "text", "text")]
    [InlineData("text", "varchar", "character varying")]
    [InlineData("numeric(10,2)", "numeric(12,2)", "numeric(12,2)")]
    [InlineData("numeric(10,2)", "numeric", "numeric")]
    [InlineData("bit varying(8)", "bit varying(16)", "bit varying(16)")]
    [InlineData("bit varying(8)", "bit varying", "bit varying")]
    [InlineData("timestamp(3)", "timestamp(6)", "timestamp(6) without time zone")]
    [InlineData("timestamp(3)", "timestamp", "timestamp without time zone")]
    [InlineData("timestamptz(3)", "timestamptz", "timestamp with time zone")]
    public async Task InPlace_KeepsTheFilesOfTheTableAndItsIndexes(string oldType, string newType, string catalogType)
    {
        var sample = oldType.StartsWith("bit", StringComparison.Ordinal) ? "B'1010'" : oldType.StartsWith("time", StringComparison.Ordinal) ? "'2024-06-01 12:00:00.123'" : "'12.5'";
        var connectionString = await OverlapWrites.CreateDatabaseAsync("inplace", "UTC");
        try
        {
            await ExecuteAsync(connectionString, $"""
                CREATE TABLE t (id integer PRIMARY KEY, c {oldType});
                CREATE INDEX ix_t_c ON t (c);
                CREATE UNIQUE INDEX ux_t_c_id ON t (c, id);
                INSERT INTO t SELECT g, {sample} FROM generate_series(1, 50) g;
                """);
            var before = await FilesAsync(connectionString);
            Assert.Equal(4, before.Count); // t, its primary key and the two indexes on c
            var migrations = MigrationInstances.Collect(new AlterTo(newType));

            var plan = await new SafeMigrator(connectionString, Options).PlanAsync(migrations);
            // One step: the type and FluentMigrator's nullability ALTER in one transaction, so a resumed expand, which
            // plans against the changed catalog (no type change left), has nothing of this migration still to run.
            var step = Assert.Single(Assert.Single(plan.Migrations).Expand);
            Assert.Contains("in place", step.Description, StringComparison.Ordinal);
            Assert.Contains("DROP NOT NULL", step.Sql, StringComparison.Ordinal);
            Assert.DoesNotContain("_sm_new", step.Sql, StringComparison.Ordinal);

            await new SafeMigrator(connectionString, Options).ExpandAsync(migrations);
            Assert.Equal(catalogType, await ScalarAsync(connectionString, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"));
            Assert.Equal(before, await FilesAsync(connectionString));

            await new SafeMigrator(connectionString, Options).ContractAsync(migrations);
            Assert.Equal(before, await FilesAsync(connectionString));
            Assert.Equal(50L, await ScalarAsync(connectionString, "SELECT count(*) FROM t"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>
    /// timestamp → timestamptz under a UTC session (PostgreSQL 12+): the table keeps its file. Only without an index or
    /// constraint on the column: those PostgreSQL rebuilds or re-checks (new operator class), which is refused instead.
    /// </summary>
    [Fact]
    public async Task TimestampToTimestampTz_UnderUtc_KeepsTheTableFile()
    {
        var connectionString = await OverlapWrites.CreateDatabaseAsync("inplacetz", "UTC");
        try
        {
            await ExecuteAsync(connectionString, "CREATE TABLE t (id integer PRIMARY KEY, c timestamp); INSERT INTO t SELECT g, '2024-06-01 12:00' FROM generate_series(1, 50) g;");
            var before = await FilesAsync(connectionString);
            var migrations = MigrationInstances.Collect(new CToTimestampTz());

            await new SafeMigrator(connectionString, Options).ExpandAsync(migrations);

            Assert.Equal("timestamp with time zone", await ScalarAsync(connectionString, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"));
            Assert.Equal(before, await FilesAsync(connectionString));
            Assert.Equal("2024-06-01 12:00:00+00", await ScalarAsync(connectionString, "SELECT c::text FROM t WHERE id = 1"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>A CHECK constraint on the column would be re-checked by a scan under ACCESS EXCLUSIVE: the shadow recipe instead, values still equal.</summary>
    [Fact]
    public async Task NumericWidening_WithACheckConstraint_UsesTheShadowColumn_NoValueChanged()
    {
        var outcome = await OverlapWrites.RunAsync(
            "CREATE TABLE t (id integer PRIMARY KEY, c numeric(6,2) CHECK (c <> 13)); INSERT INTO t VALUES (1, 9999.99), (2, NULL);",
            "UTC",
            MigrationInstances.Collect(new CToDecimal(10, 2)),
            ["9999.99", "99999999.99", "0.005", "13", "12.999"],
            afterExpand: async cs => Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname LIKE '\\_sm\\_new%' AND NOT attisdropped")));

        // Rejected by numeric(6,2) during the overlap; plain FluentMigrator's numeric(10,2) takes it.
        OverlapWrites.AssertNoValueChanged(outcome, "99999999.99");
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "0.005" && w.Stored == "0.01");
    }

    /// <summary>The release harness (old and new version write and read each other's rows; schema equals plain FluentMigrator's) on a varchar widening.</summary>
    [Fact]
    public Task VarcharWidening_BothVersionsWriteTheWiderType() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new EmailTo500()),
        new VersionClient("old", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        value: id => new string('x', 300) + id,
        afterExpand: async cs =>
        {
            Assert.Equal("character varying(500)", await ScalarAsync(cs, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email'"));
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname LIKE '\\_sm\\_%' AND NOT attisdropped"));
        },
        afterContract: async cs => Assert.Equal(true, await ScalarAsync(cs, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email'")));

    [Fact]
    public async Task TimestampToTimestampTz_UnderUtc_StoresWhatPlainFluentMigratorStores()
    {
        var outcome = await OverlapWrites.RunAsync(
            """
            CREATE TABLE t (id integer PRIMARY KEY, c timestamp);
            INSERT INTO t VALUES (1, '2024-06-01 12:00:00'), (2, '2024-06-01 12:00:00.123456'), (3, 'infinity'), (4, '-infinity'), (5, NULL), (6, '4713-11-24 00:00:00 BC'), (7, '294276-12-31 23:59:59.999999');
            """,
            "UTC",
            MigrationInstances.Collect(new CToTimestampTz()),
            [
                "2024-06-01 12:00:00+05", "2024-06-01 12:00:00-03:30", "2024-06-01 12:00:00", "2024-06-01 12:00:00.1234565+00", "2024-06-01 12:00:00.999999+14",
                "2024-06-01 12:00:00 America/New_York", "2024-03-31 02:30:00 Europe/Berlin", "infinity", "-infinity", "epoch", "294276-12-31 23:59:59.999999+00",
                "294276-12-31 23:59:59.999999-01", "4713-11-24 00:00:00+00 BC", "not a time",
            ],
            afterExpand: async cs => Assert.Equal("timestamp with time zone", await ScalarAsync(cs, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'")));

        OverlapWrites.AssertNoValueChanged(outcome);
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "2024-06-01 12:00:00+05" && w.Stored == "2024-06-01 07:00:00+00");
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "not a time" && w.Rejected);
    }

    [Fact]
    public async Task VarcharWidening_EdgeValuesEqualPlainFluentMigrator()
    {
        var outcome = await OverlapWrites.RunAsync(
            "CREATE TABLE t (id integer PRIMARY KEY, c varchar(5)); CREATE INDEX ix_t_c ON t (c); INSERT INTO t VALUES (1, 'abcde'), (2, 'a  '), (3, ''), (4, NULL);",
            "UTC",
            MigrationInstances.Collect(new CToString(8)),
            ["abcdefgh", "abcdefghi", "abcdefgh   ", "abc     x", "ünïcødé!", "日本語テキスト", "", " "]);

        OverlapWrites.AssertNoValueChanged(outcome);
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "abcdefgh" && w.Stored == "abcdefgh");
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "abcdefghi" && w.Rejected);
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "abcdefgh   " && w.Stored == "abcdefgh");
    }

    [Fact]
    public async Task NumericPrecisionUp_EdgeValuesEqualPlainFluentMigrator()
    {
        var outcome = await OverlapWrites.RunAsync(
            "CREATE TABLE t (id integer PRIMARY KEY, c numeric(6,2)); INSERT INTO t VALUES (1, 9999.99), (2, -0.01), (3, 'NaN'), (4, NULL);",
            "UTC",
            MigrationInstances.Collect(new CToDecimal(10, 2)),
            ["99999999.99", "99999999.995", "100000000", "0.005", "-0.005", "1.0049", "1e7", "NaN", "Infinity", "12,5"]);

        OverlapWrites.AssertNoValueChanged(outcome);
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "99999999.99" && w.Stored == "99999999.99");
        Assert.Contains(outcome.SafeMigrate, w => w.Value == "0.005" && w.Stored == "0.01");
    }

    [Fact]
    public async Task Rollback_LeavesTheWiderType()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("inplaceback");
        try
        {
            await ExecuteAsync(connectionString, "CREATE TABLE t (id integer PRIMARY KEY, c varchar(5)); INSERT INTO t VALUES (1, 'abc');");
            var migrations = MigrationInstances.Collect(new CToString(8));
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(migrations);
            await ExecuteAsync(connectionString, "INSERT INTO t VALUES (2, 'abcdefgh')");

            await migrator.RollbackAsync(migrations);

            Assert.Equal("character varying(8)", await ScalarAsync(connectionString, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"));
            Assert.Equal("abcdefgh", await ScalarAsync(connectionString, "SELECT c FROM t WHERE id = 2"));
            Assert.Equal(SafeMigrate.State.MigrationPhase.Pending, (await migrator.StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task InPlace_NotNullStillWaitsForContract()
    {
        var connectionString = await OverlapWrites.CreateDatabaseAsync("inplacenn", "UTC");
        try
        {
            await ExecuteAsync(connectionString, "CREATE TABLE t (id integer PRIMARY KEY, c varchar(5)); INSERT INTO t VALUES (1, 'abc');");
            var migrations = MigrationInstances.Collect(new AlterTo("varchar(8)", nullable: false));
            var migrator = new SafeMigrator(connectionString, Options);

            await migrator.ExpandAsync(migrations);
            Assert.Equal("character varying(8)", await ScalarAsync(connectionString, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"));
            Assert.Equal(false, await ScalarAsync(connectionString, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"));
            await ExecuteAsync(connectionString, "INSERT INTO t (id) VALUES (2); DELETE FROM t WHERE id = 2;"); // the old version may still omit it

            await migrator.ContractAsync(migrations);
            Assert.Equal(true, await ScalarAsync(connectionString, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>relfilenode of table t and of each of its indexes: a rewrite or an index rebuild gives a new one.</summary>
    private static async Task<IReadOnlyList<string>> FilesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT c.relname || ' ' || c.relfilenode FROM pg_class c
            WHERE c.oid = 't'::regclass OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 't'::regclass)
            ORDER BY c.relname
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var files = new List<string>();
        while (await reader.ReadAsync())
        {
            files.Add(reader.GetString(0));
        }

        return files;
    }
}
