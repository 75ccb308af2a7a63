using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.Loading;
using SafeMigrate.Rules;
using SafeMigrate.State;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// The indexes and CHECK constraints of a renamed or retyped column are copied onto the new column whole: after
/// contract every one of them reads (<c>pg_get_indexdef</c>, <c>pg_get_constraintdef</c>) exactly as after plain
/// FluentMigrator's rename or ALTER COLUMN … TYPE (the harness compares both schemas line by line, and the tests below
/// name the features). What cannot be copied is refused before anything runs, the database left as it was.
/// </summary>
public sealed class ColumnCopyTests
{
    /// <summary>Every kind of index and check on <c>c</c>: order, NULLS placement, collation, operator class, INCLUDE, method, storage parameters, expressions, predicates, deferrable unique, NOT VALID check.</summary>
    private const string Indexed = """
        CREATE TABLE t (id integer PRIMARY KEY, c text COLLATE "C" NOT NULL, d integer);
        CREATE INDEX ix_order ON t (d, c DESC NULLS LAST);
        CREATE INDEX ix_nulls ON t (c NULLS FIRST);
        CREATE INDEX ix_collation ON t (c COLLATE "POSIX");
        CREATE INDEX ix_opclass ON t (c text_pattern_ops);
        CREATE INDEX ix_include ON t (d) INCLUDE (c);
        CREATE INDEX ix_hash ON t USING hash (c);
        CREATE INDEX ix_fillfactor ON t (c) WITH (fillfactor = 70);
        CREATE INDEX ix_expression ON t (lower(c), (d + 1));
        CREATE INDEX ix_partial_on_c ON t (d) WHERE c <> 'x';
        CREATE INDEX ix_partial_other ON t (c) WHERE d > 0;
        CREATE UNIQUE INDEX ux_c_d ON t (c, d);
        ALTER TABLE t ADD CONSTRAINT uq_c_id UNIQUE (c, id) DEFERRABLE INITIALLY DEFERRED;
        ALTER TABLE t ADD CONSTRAINT ck_length CHECK (length(c) < 100);
        ALTER TABLE t ADD CONSTRAINT ck_c_or_d CHECK (c <> '' OR d IS NOT NULL);
        ALTER TABLE t ADD CONSTRAINT ck_not_valid CHECK (c <> 'bad') NOT VALID;
        DO $$ BEGIN
          IF current_setting('server_version_num')::int >= 150000 THEN
            EXECUTE 'CREATE UNIQUE INDEX ux_nulls_not_distinct ON t (c) NULLS NOT DISTINCT';
          END IF;
        END $$;
        INSERT INTO t SELECT g, 'value' || g, g FROM generate_series(1, 7) g;
        """;

    /// <summary>An earlier release, so that SafeMigrate's state exists before the refused one.</summary>
    [Migration(0)]
    private sealed class AddNote : Migration
    {
        public override void Up() => Create.Column("note").OnTable("other").AsString(10).Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class RenameC : Migration
    {
        public override void Up() => Rename.Column("c").OnTable("t").To("c2");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CTo(string type) : Migration
    {
        public override void Up() => Alter.Column("c").OnTable("t").AsCustom(type).NotNullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class EpisodeIdToBigint : Migration
    {
        public override void Up() => Alter.Column("EpisodeId").OnTable("EpisodeAirings").AsInt64().NotNullable();

        public override void Down() { }
    }

    [Fact]
    public Task Rename_CopiesEveryIndexAndCheck_AsAPlainRenameLeavesThem() => RunAsync(
        Indexed,
        MigrationInstances.Collect(new RenameC()),
        new VersionClient("old", "INSERT INTO t (id, c, d) VALUES (@id, @value, 1)", "SELECT c FROM t WHERE id = @id"),
        new VersionClient("new", "INSERT INTO t (id, c2, d) VALUES (@id, @value, 1)", "SELECT c2 FROM t WHERE id = @id"),
        afterExpand: async cs =>
        {
            // Every original still serves the old version; each has a copy on c2, commented with the original's name.
            var indexes = (long)(await ScalarAsync(cs, "SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass AND indexrelid::regclass::text NOT LIKE '\\_sm\\_%' AND indexrelid <> 't_pkey'::regclass"))!;
            Assert.Equal(indexes, await ScalarAsync(cs, "SELECT count(*) FROM pg_class WHERE obj_description(oid, 'pg_class') LIKE 'safe_migrate copy%'"));
            Assert.Equal(3L, await ScalarAsync(cs, "SELECT count(*) FROM pg_constraint WHERE conrelid = 't'::regclass AND contype = 'c' AND conname LIKE '\\_sm\\_ck\\_%'"));
            // The NOT VALID original's copy is NOT VALID too; the others are validated.
            Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM pg_constraint WHERE conrelid = 't'::regclass AND conname LIKE '\\_sm\\_ck\\_%' AND NOT convalidated"));
            // The copies check the new version's writes at once.
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, "INSERT INTO t (id, c2, d) VALUES (500, 'bad', 1)"));
        },
        afterContract: async cs =>
        {
            Assert.Equal("CREATE INDEX ix_order ON public.t USING btree (d, c2 DESC NULLS LAST)", await IndexDefAsync(cs, "ix_order"));
            Assert.Equal("CREATE INDEX ix_nulls ON public.t USING btree (c2 NULLS FIRST)", await IndexDefAsync(cs, "ix_nulls"));
            Assert.Equal("CREATE INDEX ix_collation ON public.t USING btree (c2 COLLATE \"POSIX\")", await IndexDefAsync(cs, "ix_collation"));
            Assert.Equal("CREATE INDEX ix_opclass ON public.t USING btree (c2 text_pattern_ops)", await IndexDefAsync(cs, "ix_opclass"));
            Assert.Equal("CREATE INDEX ix_include ON public.t USING btree (d) INCLUDE (c2)", await IndexDefAsync(cs, "ix_include"));
            Assert.Equal("CREATE INDEX ix_hash ON public.t USING hash (c2)", await IndexDefAsync(cs, "ix_hash"));
            Assert.Equal("CREATE INDEX ix_fillfactor ON public.t USING btree (c2) WITH (fillfactor='70')", await IndexDefAsync(cs, "ix_fillfactor"));
            Assert.Equal("CREATE INDEX ix_expression ON public.t USING btree (lower(c2), ((d + 1)))", await IndexDefAsync(cs, "ix_expression"));
            Assert.Equal("CREATE INDEX ix_partial_on_c ON public.t USING btree (d) WHERE (c2 <> 'x'::text)", await IndexDefAsync(cs, "ix_partial_on_c"));
            Assert.Equal("CREATE INDEX ix_partial_other ON public.t USING btree (c2) WHERE (d > 0)", await IndexDefAsync(cs, "ix_partial_other"));
            Assert.Equal("UNIQUE (c2, id) DEFERRABLE INITIALLY DEFERRED", await ScalarAsync(cs, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'uq_c_id'"));
            Assert.Equal("CHECK ((c2 <> 'bad'::text)) NOT VALID", await ScalarAsync(cs, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_not_valid'"));
            Assert.Equal("CHECK (((c2 <> ''::text) OR (d IS NOT NULL)))", await ScalarAsync(cs, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_c_or_d'"));
            Assert.Equal("C", await ScalarAsync(cs, "SELECT collation_name FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c2'"));
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM pg_class WHERE obj_description(oid, 'pg_class') LIKE 'safe_migrate copy%'"));
        });

    [Fact]
    public Task TypeChange_RebuildsEveryIndexAndCheckForTheNewType_AsAlterColumnTypeDoes() => RunAsync(
        Indexed,
        MigrationInstances.Collect(new CTo("varchar(50)")),
        new VersionClient("old", "INSERT INTO t (id, c, d) VALUES (@id, @value, 1)", "SELECT c FROM t WHERE id = @id"),
        new VersionClient("new", "INSERT INTO t (id, c, d) VALUES (@id, @value, 1)", "SELECT c FROM t WHERE id = @id"),
        afterContract: async cs =>
        {
            Assert.Equal("character varying(50)", await ScalarAsync(cs, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"));
            Assert.Equal("CREATE INDEX ix_order ON public.t USING btree (d, c DESC NULLS LAST)", await IndexDefAsync(cs, "ix_order"));
            Assert.Equal("CREATE INDEX ix_expression ON public.t USING btree (lower((c)::text), ((d + 1)))", await IndexDefAsync(cs, "ix_expression"));
            Assert.Equal("CREATE INDEX ix_partial_on_c ON public.t USING btree (d) WHERE ((c)::text <> 'x'::text)", await IndexDefAsync(cs, "ix_partial_on_c"));
            Assert.Equal("CHECK ((length((c)::text) < 100))", await ScalarAsync(cs, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_length'"));
        });

    /// <summary>
    /// Seen on real code: a ("EpisodeId", "Date" DESC) index came back without DESC after a type change. (That change was
    /// timestamp → timestamptz, which with an index on the column SM5106 now refuses; every shadow-column type change
    /// had the loss, here the other column's.)
    /// </summary>
    [Fact]
    public Task IntegerToBigint_KeepsTheDescendingKeyOfATwoColumnIndex() => RunAsync(
        """
        CREATE TABLE "EpisodeAirings" ("Id" integer PRIMARY KEY, "EpisodeId" integer NOT NULL, "Date" timestamp);
        CREATE INDEX "IX_EpisodeAirings_EpisodeId_Date" ON "EpisodeAirings" ("EpisodeId", "Date" DESC);
        INSERT INTO "EpisodeAirings" SELECT g, g % 3, timestamp '2026-01-01' + g * interval '1 day' FROM generate_series(1, 7) g;
        """,
        MigrationInstances.Collect(new EpisodeIdToBigint()),
        new VersionClient("old", Airing, ReadAiring),
        new VersionClient("new", Airing, ReadAiring),
        value: id => (id * 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
        afterExpand: async cs => Assert.Equal(
            1L, await ScalarAsync(cs, "SELECT count(*) FROM pg_indexes WHERE tablename = 'EpisodeAirings' AND indexdef LIKE '%(\\_sm\\_new\\_%, \"Date\" DESC)'")),
        afterContract: async cs => Assert.Equal(
            "CREATE INDEX \"IX_EpisodeAirings_EpisodeId_Date\" ON public.\"EpisodeAirings\" USING btree (\"EpisodeId\", \"Date\" DESC)",
            await IndexDefAsync(cs, "IX_EpisodeAirings_EpisodeId_Date")));

    private const string Airing = "INSERT INTO \"EpisodeAirings\" (\"Id\", \"EpisodeId\", \"Date\") VALUES (@id, @value, now())";

    private const string ReadAiring = "SELECT \"EpisodeId\"::text FROM \"EpisodeAirings\" WHERE \"Id\" = @id";

    [Fact]
    public Task TypeChange_KeepsTheForeignKeyOfTheColumn() => RunAsync(
        """
        CREATE TABLE p (id integer PRIMARY KEY); INSERT INTO p VALUES (1), (2);
        CREATE TABLE t (id integer PRIMARY KEY, c integer NOT NULL CONSTRAINT fk_t_p REFERENCES p);
        INSERT INTO t SELECT g, 1 + g % 2 FROM generate_series(1, 7) g;
        """,
        MigrationInstances.Collect(new CTo("bigint")),
        new VersionClient("old", "INSERT INTO t (id, c) VALUES (@id, @value)", "SELECT c::text FROM t WHERE id = @id"),
        new VersionClient("new", "INSERT INTO t (id, c) VALUES (@id, @value)", "SELECT c::text FROM t WHERE id = @id"),
        value: id => (1 + id % 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
        afterContract: async cs =>
        {
            Assert.Equal("FOREIGN KEY (c) REFERENCES p(id)", await ScalarAsync(cs, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'fk_t_p' AND convalidated"));
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, "INSERT INTO t (id, c) VALUES (900, 3)"));
        });

    [Fact]
    public Task TypeChange_AnOperatorClassTheNewTypeDoesNotTake_IsRefusedBeforeAnyChange() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, c integer); CREATE INDEX ix_brin ON t USING brin (c int4_minmax_multi_ops); INSERT INTO t VALUES (1, 1);",
        new CTo("bigint"),
        "does not carry over to bigint (operator class \"int4_minmax_multi_ops\" does not accept data type bigint)");

    [Fact]
    public Task TypeChange_AnExpressionWithAFunctionOfTheOldTypeOnly_IsRefusedBeforeAnyChange() => RefusedAsync(
        """
        CREATE FUNCTION bucket(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 / 10';
        CREATE TABLE t (id integer PRIMARY KEY, c integer); CREATE INDEX ix_bucket ON t (bucket(c)); INSERT INTO t VALUES (1, 1);
        """,
        new CTo("bigint"),
        "does not carry over to bigint (function public.bucket(bigint) does not exist)");

    [Fact]
    public Task Rename_OfAColumnInAnExclusionConstraint_IsRefusedBeforeAnyChange() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, c integer, CONSTRAINT ex_c EXCLUDE USING btree (c WITH =)); INSERT INTO t VALUES (1, 1);",
        new RenameC(),
        "the exclusion constraint \"ex_c\" uses \"c\"");

    [Fact]
    public Task Rename_OfAColumnInAMultiColumnForeignKey_IsRefusedBeforeAnyChange() => RefusedAsync(
        "CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b)); CREATE TABLE t (id integer PRIMARY KEY, c integer, d integer, FOREIGN KEY (c, d) REFERENCES p); INSERT INTO p VALUES (1, 1); INSERT INTO t VALUES (1, 1, 1);",
        new RenameC(),
        "the foreign key \"t_c_d_fkey\" uses \"c\" with other columns");

    [Fact]
    public Task Rename_OfAColumnWithAnInvalidIndex_IsRefusedBeforeAnyChange() => RefusedAsync(
        "CREATE TABLE t (id integer PRIMARY KEY, c integer); CREATE INDEX ix_c ON t (c); UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ix_c'::regclass; INSERT INTO t VALUES (1, 1);",
        new RenameC(),
        "the index \"ix_c\" is INVALID");

    private static async Task<object?> IndexDefAsync(string connectionString, string index) =>
        await ScalarAsync(connectionString, $"SELECT pg_get_indexdef(to_regclass('public.\"{index}\"'))");

    /// <summary>Expand is refused with SM5109 and the reason; the whole database, SafeMigrate's state included, is as it was.</summary>
    private static async Task RefusedAsync(string setupSql, Migration refused, string reason)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("copy_refused");
        await ExecuteAsync(connectionString, "CREATE TABLE other (id integer PRIMARY KEY); " + setupSql);
        var migrator = new SafeMigrator(connectionString, Options);
        await migrator.ExpandAsync(MigrationInstances.Collect(new AddNote()));
        var migrations = MigrationInstances.Collect(new AddNote(), refused);
        var before = await DatabaseDump.ReadAsync(connectionString);

        var plan = await migrator.PlanAsync(migrations);
        var error = await Assert.ThrowsAsync<RefusedException>(() => migrator.ExpandAsync(migrations));

        var refusal = Assert.Single(plan.Refusals);
        Assert.Equal(RuleIds.UncopiableColumnDependent, refusal.RuleId);
        Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
        Assert.Equal(MigrationPhase.Pending, (await migrator.StatusAsync(migrations))[1]);
    }
}
