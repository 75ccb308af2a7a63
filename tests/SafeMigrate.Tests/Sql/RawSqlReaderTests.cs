using SafeMigrate.Sql;
using Xunit;

namespace SafeMigrate.Tests.Sql;

/// <summary>
/// The one reader of raw SQL (src/SafeMigrate.Shared/Sql, compiled into the analyzer too). Several cases are texts the
/// former runner code misjudged: its phase regex anchored at the first character and refused any ';', and "outside a
/// transaction" was <c>sql.Contains("CONCURRENTLY")</c>, which a comment or a string literal satisfies.
/// </summary>
public sealed class RawSqlReaderTests
{
    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY ix ON orders (customer_id)")]
    [InlineData("create unique index concurrently ix ON orders (customer_id);")]
    [InlineData("CREATE EXTENSION IF NOT EXISTS pgcrypto")]
    [InlineData("CREATE OR REPLACE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql")]
    [InlineData("CREATE VIEW active_users AS SELECT id FROM users")]
    [InlineData("CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$")]
    [InlineData("CREATE TABLE audit (id int)")]
    [InlineData("CREATE SCHEMA reporting")]
    [InlineData("CREATE SEQUENCE invoice_numbers")]
    [InlineData("COMMENT ON TABLE orders IS 'one row per order'")]
    [InlineData("INSERT INTO settings (name, value) VALUES ('mode', 'on')")]
    // The old classifier refused these for a ';' inside a literal or a function body, or for a leading comment.
    [InlineData("INSERT INTO notes (body) VALUES ('first; second')")]
    [InlineData("CREATE FUNCTION touch() RETURNS trigger AS $body$ BEGIN NEW.at = now(); RETURN NEW; END $body$ LANGUAGE plpgsql")]
    [InlineData("-- the report reads it\nCREATE VIEW daily AS SELECT 1")]
    [InlineData("/* reporting */ CREATE SCHEMA reporting")]
    public void Additions_AreExpand(string sql) => Assert.Equal(SqlPhase.Expand, RawSqlReader.Read(sql, SqlFlavor.Postgres).Phase);

    [Theory]
    [InlineData("DROP INDEX CONCURRENTLY ix_old")]
    [InlineData("DROP VIEW IF EXISTS legacy_totals")]
    [InlineData("DROP FUNCTION legacy_total(integer)")]
    [InlineData("drop procedure cleanup;")]
    [InlineData("-- CREATE TABLE in a comment\nDROP VIEW v")]
    public void Removals_AreContract(string sql) => Assert.Equal(SqlPhase.Contract, RawSqlReader.Read(sql, SqlFlavor.Postgres).Phase);

    [Theory]
    [InlineData("DROP INDEX ix_old", "ix_old")]
    [InlineData("drop index if exists ix_old;", "ix_old")]
    [InlineData("DROP INDEX IF EXISTS public.ix_old RESTRICT", "public.ix_old")]
    [InlineData("DROP INDEX \"Shop\".\"IX_Orders\"", "\"Shop\".\"IX_Orders\"")]
    [InlineData("DROP INDEX \"odd\"\"name\"", "\"odd\"\"name\"")]
    [InlineData("DROP INDEX IF EXISTS ix_a, reporting.ix_b", "ix_a|reporting.ix_b")]
    [InlineData("-- obsolete\nDROP INDEX ix_old", "ix_old")]
    public void PlainDropIndex_OnPostgres_IsContract_WithTheNamesAsWritten(string sql, string names)
    {
        var reading = RawSqlReader.Read(sql, SqlFlavor.Postgres);

        Assert.Equal(SqlPhase.Contract, reading.Phase);
        Assert.Equal(names.Split('|'), reading.Statements.Single().PlainDroppedIndexes);
    }

    [Theory]
    // CONCURRENTLY refuses CASCADE; the T-SQL form names the table; nothing else may follow the names.
    [InlineData("DROP INDEX ix_old CASCADE")]
    [InlineData("DROP INDEX ix ON dbo.orders")]
    [InlineData("DROP INDEX CONCURRENTLY ix_old")]
    [InlineData("DROP INDEX")]
    [InlineData("DROP INDEX IF EXISTS")]
    [InlineData("DROP INDEX ix_a ix_b")]
    public void OtherDropIndexes_AreNotPlainDrops(string sql) => Assert.Null(RawSqlReader.Read(sql, SqlFlavor.Postgres).Statements.Single().PlainDroppedIndexes);

    [Theory]
    [InlineData("DROP INDEX ix_old CASCADE")]
    [InlineData("DROP INDEX ix; DROP INDEX iy")]
    public void DropIndexTheRunnerCannotRewrite_HasNoPhase(string sql) => Assert.Equal(SqlPhase.Unknown, RawSqlReader.Read(sql, SqlFlavor.Postgres).Phase);

    [Fact]
    public void PlainDropIndex_OnSqlServer_HasNoPhase() =>
        // T-SQL's DROP INDEX table.index form: the rewrite is PostgreSQL's.
        Assert.Equal(SqlPhase.Unknown, RawSqlReader.Read("DROP INDEX orders.ix_old", SqlFlavor.SqlServer).Phase);

    [Theory]
    [InlineData("CREATE INDEX ix ON orders (customer_id)")]
    [InlineData("CREATE TEMP TABLE scratch (id int)")]
    [InlineData("ALTER TABLE orders ADD COLUMN note text")]
    [InlineData("DELETE FROM orders RETURNING id")]
    [InlineData("DROP TABLE orders")]
    [InlineData("/* CREATE TABLE x (id int) */ DELETE FROM orders RETURNING id")]
    [InlineData("SELECT 'CREATE TABLE x (id int)'")]
    [InlineData("CREATE TABLE a (id int); CREATE TABLE b (id int)")]
    [InlineData("CREATE TABLE a (id int)\nGO\nDROP VIEW v")]
    [InlineData("")]
    [InlineData("-- nothing but a comment")]
    public void EverythingElse_HasNoPhase(string sql) => Assert.Equal(SqlPhase.Unknown, RawSqlReader.Read(sql, SqlFlavor.Postgres).Phase);

    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY ix ON orders (customer_id)")]
    [InlineData("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON orders (customer_id)")]
    [InlineData("DROP INDEX CONCURRENTLY IF EXISTS ix")]
    [InlineData("REINDEX TABLE CONCURRENTLY orders")]
    [InlineData("REINDEX (VERBOSE) INDEX CONCURRENTLY ix")]
    [InlineData("REINDEX DATABASE shop")]
    [InlineData("ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY")]
    [InlineData("VACUUM (ANALYZE) order_lines")]
    [InlineData("VACUUM")]
    [InlineData("CLUSTER")]
    [InlineData("CREATE DATABASE reports")]
    [InlineData("ALTER DATABASE shop SET TABLESPACE fast")]
    [InlineData("ALTER SYSTEM SET work_mem = '64MB'")]
    [InlineData("CREATE TABLE a (id int); CREATE INDEX CONCURRENTLY ix ON a (id)")]
    public void StatementsPostgresRefusesInATransaction_RunOutsideOne(string sql) =>
        Assert.True(RawSqlReader.Read(sql, SqlFlavor.Postgres).RunsOutsideTransaction, sql);

    [Theory]
    // Each of these satisfied the former sql.Contains("CONCURRENTLY").
    [InlineData("CREATE INDEX ix ON orders (note) WHERE note = 'CONCURRENTLY'")]
    [InlineData("-- not CONCURRENTLY: the table is new\nCREATE INDEX ix ON orders (customer_id)")]
    [InlineData("CREATE INDEX ix ON orders (customer_id) /* CONCURRENTLY later */")]
    [InlineData("DO $$ BEGIN RAISE NOTICE 'CREATE INDEX CONCURRENTLY'; END $$")]
    [InlineData("CREATE INDEX ix ON \"CONCURRENTLY\" (id)")]
    [InlineData("REFRESH MATERIALIZED VIEW CONCURRENTLY sales_by_day")]
    // Read as standard strings and unnested comments, these would end early and leave a VACUUM outside.
    [InlineData("SELECT E'\\'; VACUUM; '")]
    [InlineData("/* outer /* inner */ VACUUM */ SELECT 1")]
    [InlineData("ALTER TYPE mood ADD VALUE 'calm'")]
    [InlineData("CLUSTER orders USING orders_pkey")]
    [InlineData("ALTER DATABASE shop SET work_mem = '64MB'")]
    public void StatementsPostgresRunsInATransaction_StayInOne(string sql) =>
        Assert.False(RawSqlReader.Read(sql, SqlFlavor.Postgres).RunsOutsideTransaction, sql);

    [Theory]
    [InlineData("CREATE INDEX [ix] ON [dbo].[users] ([created_at]) WITH (ONLINE = ON, RESUMABLE = ON);", true)]
    [InlineData("ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON", true)]
    [InlineData("CREATE FULLTEXT CATALOG docs", true)]
    [InlineData("BACKUP DATABASE shop TO DISK = 'x.bak'", true)]
    [InlineData("-- RESUMABLE = ON needs Enterprise\nCREATE INDEX [ix] ON [dbo].[users] ([created_at]) WITH (ONLINE = ON)", false)]
    [InlineData("UPDATE [dbo].[settings] SET [value] = N'RESUMABLE = ON'", false)]
    [InlineData("CREATE INDEX CONCURRENTLY ix ON t (x)", false)]
    public void SqlServer_RefusesItsOwnStatementsInATransaction(string sql, bool outside) =>
        Assert.Equal(outside, RawSqlReader.Read(sql, SqlFlavor.SqlServer).RunsOutsideTransaction);

    [Theory]
    [InlineData("ALTER TABLE \"sales\".\"Order Lines\" VALIDATE CONSTRAINT \"fk\";", "sales", "Order Lines", "Scan")]
    [InlineData("ALTER TABLE [dbo].[Order Lines] WITH CHECK CHECK CONSTRAINT [ck_total]", "dbo", "Order Lines", "Scan")]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id)", null, "orders", "Scan")]
    [InlineData("ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL", null, "orders", "Scan")]
    [InlineData("ALTER TABLE ONLY public.orders ALTER COLUMN total TYPE numeric(12,2)", "public", "orders", "Rewrite")]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT uq UNIQUE (code)", null, "orders", "IndexBuild")]
    [InlineData("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"ix\" ON \"public\".\"users\" (\"email\")", "public", "users", "IndexBuild")]
    [InlineData("CREATE UNIQUE INDEX ix ON ONLY events (id)", null, "events", "IndexBuild")]
    [InlineData("CREATE NONCLUSTERED INDEX [ix] ON [shop].[dbo].[users] ([email]) WITH (ONLINE = ON)", "dbo", "users", "IndexBuild")]
    [InlineData("ALTER INDEX ALL ON [dbo].[users] REBUILD WITH (ONLINE = ON)", "dbo", "users", "IndexBuild")]
    [InlineData("REINDEX TABLE CONCURRENTLY orders", null, "orders", "IndexBuild")]
    [InlineData("UPDATE orders SET note = 'DELETE FROM users' WHERE id < 10", null, "orders", "Rewrite")]
    [InlineData("DELETE FROM ONLY archive.events", "archive", "events", "Rewrite")]
    [InlineData("DELETE TOP (500) FROM [audit].[log] WHERE [at] < '2020-01-01'", "audit", "log", "Rewrite")]
    [InlineData("MERGE INTO stock USING deliveries d ON stock.id = d.id WHEN MATCHED THEN UPDATE SET qty = d.qty", null, "stock", "Rewrite")]
    [InlineData("CLUSTER VERBOSE orders USING orders_pkey", null, "orders", "Rewrite")]
    [InlineData("VACUUM (ANALYZE) order_lines", null, "order_lines", "Scan")]
    [InlineData("ALTER TABLE \"say \"\"hi\"\"\" VALIDATE CONSTRAINT c", null, "say \"hi\"", "Scan")]
    [InlineData("ALTER TABLE [odd]]name] WITH CHECK CHECK CONSTRAINT c", null, "odd]name", "Scan")]
    public void Tables_AreReadWithSchemaAndUnquotedName(string sql, string? schema, string table, string work)
    {
        var touch = Assert.Single(RawSqlReader.Read(sql, SqlFlavor.Postgres).Tables);
        Assert.Equal((schema, table, work), (touch.Schema, touch.Table, touch.Work.ToString()));
    }

    [Theory]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID")]
    [InlineData("ALTER TABLE [dbo].[orders] WITH NOCHECK ADD CONSTRAINT [ck] CHECK ([total] >= 0)")]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT uq UNIQUE USING INDEX ix_code")]
    [InlineData("ALTER TABLE orders ADD COLUMN note text, ALTER COLUMN note SET DEFAULT ''")]
    [InlineData("CREATE TABLE big AS SELECT * FROM orders")]
    [InlineData("TRUNCATE orders")]
    [InlineData("SELECT 'UPDATE orders SET total = 0'")]
    [InlineData("-- ALTER TABLE orders VALIDATE CONSTRAINT fk\nSELECT 1")]
    [InlineData("REINDEX INDEX ix_orders")]
    [InlineData("VACUUM")]
    public void CatalogOnlyOrUnrelatedWork_TouchesNoTable(string sql) => Assert.Empty(RawSqlReader.Read(sql, SqlFlavor.Postgres).Tables);

    [Fact]
    public void SeveralStatements_EachIsReadAndTheTablesAddUp()
    {
        var reading = RawSqlReader.Read(
            "ALTER TABLE orders VALIDATE CONSTRAINT fk; -- then the backfill\nUPDATE \"sales\".orders SET x = 1 WHERE id < 100;\nVACUUM FULL orders, customers (name)",
            SqlFlavor.Postgres);
        Assert.Equal(new[] { "ALTER TABLE", "UPDATE", "VACUUM" }, reading.Statements.Select(s => s.Kind));
        Assert.Equal(
            new (string?, string, SqlTableWork)[] { (null, "orders", SqlTableWork.Scan), ("sales", "orders", SqlTableWork.Rewrite), (null, "orders", SqlTableWork.Rewrite), (null, "customers", SqlTableWork.Rewrite) },
            reading.Tables.Select(t => (t.Schema, t.Table, t.Work)));
        Assert.Equal(SqlPhase.Unknown, reading.Phase);
        Assert.True(reading.RunsOutsideTransaction);
    }

    [Theory]
    [InlineData("CREATE OR REPLACE VIEW v AS SELECT 1", "CREATE VIEW")]
    [InlineData("create unique index concurrently ix on t (x)", "CREATE INDEX")]
    [InlineData("CREATE MATERIALIZED VIEW mv AS SELECT 1", "CREATE MATERIALIZED VIEW")]
    [InlineData("ALTER TABLE t ADD x int", "ALTER TABLE")]
    [InlineData("CREATE PROC p AS SELECT 1", "CREATE PROCEDURE")]
    [InlineData("-- VACUUM\nupdate t set x = 1", "UPDATE")]
    public void Kind_IsTheVerbAndTheObject(string sql, string kind) => Assert.Equal(kind, Assert.Single(RawSqlReader.Read(sql, SqlFlavor.Postgres).Statements).Kind);

    [Theory]
    // A T-SQL guard only decides whether the statement runs: the statement's phase is the text's.
    [InlineData("IF OBJECT_ID('dbo.legacy_totals') IS NOT NULL DROP VIEW dbo.legacy_totals", SqlPhase.Contract)]
    [InlineData("IF NOT EXISTS (SELECT 1 FROM sys.schemas WHERE name = 'reporting') CREATE SCHEMA reporting", SqlPhase.Expand)]
    [InlineData("IF OBJECT_ID('dbo.t') IS NULL CREATE TABLE dbo.t (id int) ELSE DROP VIEW dbo.v", SqlPhase.Unknown)]
    [InlineData("IF NOT EXISTS (SELECT 1 FROM sys.views WHERE name = 'v') EXEC('CREATE VIEW v AS SELECT 1')", SqlPhase.Unknown)]
    public void TSqlGuard_IsSkipped(string sql, object phase) => Assert.Equal((SqlPhase)phase, RawSqlReader.Read(sql, SqlFlavor.SqlServer).Phase);

    [Fact]
    public void TSqlModuleBody_IsOneStatementOfTheModule()
    {
        // The body after AS is stored, not run: its UPDATE neither rewrites a table now nor hides the CREATE's phase.
        var reading = RawSqlReader.Read("CREATE PROCEDURE dbo.Purge AS BEGIN UPDATE dbo.log SET x = 1; DELETE FROM dbo.log; END", SqlFlavor.SqlServer);
        Assert.Equal(SqlPhase.Expand, reading.Phase);
        Assert.Empty(reading.Tables);
    }
}
