using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using DropOrRename = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.RawSql.RawSqlDropOrRenameRule>;
using AlterColumn = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.RawSql.RawSqlAlterColumnRule>;
using BlockingIndex = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.RawSql.RawSqlBlockingIndexRule>;
using ValidatingConstraint = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.RawSql.RawSqlValidatingConstraintRule>;
using Unbounded = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.RawSql.RawSqlUnboundedDataChangeRule>;
using Rewrite = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.RawSql.RawSqlTableRewriteRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.RawSql;

/// <summary>Execute.Sql text through the statement scanner, one rule at a time.</summary>
public class RawSqlRuleTests
{
    private static string Migration(string sql, string attribute = "[Migration(1)]") => attribute + "\npublic class M : Migration\n{\n    public override void Up() => Execute." + sql + ";\n    public override void Down() { }\n}\n";

    [Theory]
    [InlineData("ALTER TABLE orders DROP COLUMN legacy")]
    [InlineData("ALTER TABLE public.\\\"orders\\\" DROP legacy")]
    [InlineData("DROP TABLE IF EXISTS orders")]
    [InlineData("ALTER TABLE orders RENAME COLUMN a TO b")]
    [InlineData("ALTER TABLE orders RENAME TO purchases")]
    [InlineData("EXEC sp_rename 'dbo.orders.a', 'b', 'COLUMN'")]
    [InlineData("IF EXISTS (SELECT 1 FROM sys.columns WHERE name = 'a') BEGIN ALTER TABLE [dbo].[orders] DROP COLUMN [a] END")]
    public Task DropOrRename_Diagnostic(string sql) => DropOrRename.VerifyAsync(Migration("{|SM4001:Sql(\"" + sql + "\")|}"));

    [Theory]
    [InlineData("ALTER TABLE orders DROP CONSTRAINT fk_orders_customer")]
    [InlineData("ALTER TABLE orders ALTER COLUMN status DROP DEFAULT")]
    [InlineData("COMMENT ON COLUMN orders.legacy IS 'drop table later'")]
    [InlineData("CREATE OR REPLACE FUNCTION f() RETURNS trigger AS $body$ BEGIN DROP TABLE x; RETURN NEW; END $body$ LANGUAGE plpgsql")]
    [InlineData("-- DROP TABLE orders\nSELECT 1")]
    [InlineData("EXEC sp_rename N'dbo.orders.IX_1', N'IX_orders_customer', N'INDEX'")]
    [InlineData("EXEC sp_rename @objname = N'dbo.orders.ST_1', @newname = N'ST_orders_total', @objtype = 'STATISTICS'")]
    public Task DropOrRenameLookAlike_NoDiagnostic(string sql) => DropOrRename.VerifyAsync(Migration("Sql(\"" + sql.Replace("\n", "\\n") + "\")"));

    [Fact]
    public Task DropTableCreatedInSameSql_NoDiagnostic() => DropOrRename.VerifyAsync(Migration("Sql(\"CREATE TABLE tmp (id int); INSERT INTO tmp SELECT id FROM orders; DROP TABLE tmp;\")"));

    [Fact]
    public Task DropColumnInInterpolatedSql_Diagnostic() => DropOrRename.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            private const string Table = "orders";
            public override void Up()
            {
                var column = "legacy";
                Execute.{|SM4001:Sql($"ALTER TABLE {Table} DROP COLUMN {column}")|};
            }
            public override void Down() { }
        }
        """);

    [Theory]
    [InlineData("ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2)")]
    [InlineData("ALTER TABLE orders ALTER COLUMN total SET DATA TYPE bigint")]
    [InlineData("ALTER TABLE orders ALTER COLUMN status SET NOT NULL")]
    [InlineData("ALTER TABLE dbo.orders ALTER COLUMN status nvarchar(50) NOT NULL")]
    [InlineData("ALTER TABLE orders ADD COLUMN status text NOT NULL")]
    public Task AlterColumn_Diagnostic(string sql) => AlterColumn.VerifyAsync(Migration("{|SM4002:Sql(\"" + sql + "\")|}"));

    [Theory]
    [InlineData("ALTER TABLE orders ALTER COLUMN status DROP NOT NULL")]
    [InlineData("ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'x'")]
    [InlineData("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new'")]
    [InlineData("ALTER TABLE orders ADD COLUMN note text")]
    [InlineData("ALTER TABLE dbo.orders ALTER COLUMN status nvarchar(50) NOT NULL WITH (ONLINE = ON)")]
    public Task AlterColumnLookAlike_NoDiagnostic(string sql) => AlterColumn.VerifyAsync(Migration("Sql(\"" + sql + "\")"));

    [Theory]
    [InlineData("CREATE INDEX ix_orders_customer ON orders (customer_id)")]
    [InlineData("CREATE UNIQUE NONCLUSTERED INDEX ix ON dbo.orders (customer_id)")]
    [InlineData("DROP INDEX ix_orders_customer")]
    [InlineData("REINDEX INDEX ix_orders_customer")]
    public Task BlockingIndex_Diagnostic(string sql) => BlockingIndex.VerifyAsync(Migration("{|SM4003:Sql(\"" + sql + "\")|}", "[Migration(1, TransactionBehavior.None)]"));

    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON orders (customer_id)")]
    [InlineData("CREATE INDEX ix ON dbo.orders (customer_id) WITH (ONLINE = ON)")]
    [InlineData("DROP INDEX CONCURRENTLY IF EXISTS ix")]
    [InlineData("DROP INDEX ix ON dbo.orders")]
    [InlineData("REINDEX INDEX CONCURRENTLY ix")]
    [InlineData("CREATE TABLE t (id int); CREATE INDEX ix ON t (id)")]
    public Task BlockingIndexLookAlike_NoDiagnostic(string sql) => BlockingIndex.VerifyAsync(Migration("Sql(\"" + sql + "\")", "[Migration(1, TransactionBehavior.None)]"));

    [Fact]
    public Task PlainDropIndexWithRunner_InfoSaysTheRunnerDropsItConcurrently() => BlockingIndex.VerifyAsync(
        Migration("{|#0:Sql(\"DROP INDEX IF EXISTS ix_orders_customer\")|}"),
        ProjectSetup.Runner,
        BlockingIndex.Diagnostic(0, Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithMessage("Execute.Sql: DROP INDEX without CONCURRENTLY: the SafeMigrate runner drops it CONCURRENTLY IF EXISTS during contract"));

    [Fact]
    public Task DropIndexCascadeWithRunner_StaysAWarning() => BlockingIndex.VerifyAsync(
        Migration("{|#0:Sql(\"DROP INDEX ix_orders_customer CASCADE\")|}"),
        ProjectSetup.Runner,
        BlockingIndex.Diagnostic(0, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithMessage("Execute.Sql: DROP INDEX without CONCURRENTLY: use CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY / REINDEX ... CONCURRENTLY in a migration marked TransactionBehavior.None (PostgreSQL), or WITH (ONLINE = ON) (SQL Server)"));

    [Fact]
    public Task WholeTableUpdateWithRunner_InfoSaysTheRunnerBatchesIt() => Unbounded.VerifyAsync(
        Migration("{|#0:Sql(\"UPDATE orders SET status = 'open'\")|}"),
        ProjectSetup.Runner,
        Unbounded.Diagnostic(0, Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithMessage("Execute.Sql: UPDATE orders without WHERE: the SafeMigrate runner runs it in expand as a batched backfill, one short transaction per batch"));

    [Theory]
    [InlineData("DELETE FROM orders", "DELETE FROM orders without WHERE")]
    [InlineData("UPDATE orders SET status = s.name FROM states s", "UPDATE orders without WHERE")]
    public Task WholeTableChangeTheRunnerCannotBatch_StaysAWarning(string sql, string finding) => Unbounded.VerifyAsync(
        Migration("{|#0:Sql(\"" + sql + "\")|}"),
        ProjectSetup.Runner,
        Unbounded.Diagnostic(0, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithMessage($"Execute.Sql: {finding}: backfill or purge in batches by key range, each batch in its own short transaction"));

    [Fact]
    public Task BlockingIndexInPostgresBranchWithSqlServerProvider_NoDiagnostic() => BlockingIndex.VerifyAsync(
        Migration("Sql(\"CREATE INDEX ix ON orders (customer_id)\")").Replace("Execute.", "IfDatabase(\"PostgreSQL\").Execute."),
        ProjectSetup.SqlServer);

    [Theory]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id)")]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT ck CHECK (total >= 0)")]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT uq UNIQUE (number)")]
    [InlineData("ALTER TABLE orders ADD PRIMARY KEY (id)")]
    public Task ValidatingConstraint_Diagnostic(string sql) => ValidatingConstraint.VerifyAsync(Migration("{|SM4004:Sql(\"" + sql + "\")|}"));

    [Theory]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID")]
    [InlineData("ALTER TABLE dbo.orders WITH NOCHECK ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES dbo.customers (id)")]
    [InlineData("ALTER TABLE orders VALIDATE CONSTRAINT fk")]
    [InlineData("ALTER TABLE orders ADD CONSTRAINT uq UNIQUE USING INDEX ix_orders_number")]
    public Task ValidatingConstraintLookAlike_NoDiagnostic(string sql) => ValidatingConstraint.VerifyAsync(Migration("Sql(\"" + sql + "\")"));

    [Theory]
    [InlineData("UPDATE orders SET status = 'open'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("UPDATE episodes SET series_title = (SELECT title FROM series WHERE series.id = episodes.series_id)")]
    [InlineData("UPDATE orders SET total = (SELECT SUM(amount) FROM lines WHERE lines.order_id = orders.id), status = 'open'")]
    [InlineData("DELETE FROM sessions USING (SELECT id FROM users WHERE banned) b")]
    public Task UnboundedDataChange_Diagnostic(string sql) => Unbounded.VerifyAsync(Migration("{|SM4005:Sql(\"" + sql + "\")|}"));

    [Theory]
    [InlineData("UPDATE orders SET status = CASE WHEN total > 0 THEN 'paid' ELSE 'open' END WHERE id < 1000")]
    [InlineData("DELETE FROM audit_log WHERE created < now() - interval '1 year'")]
    [InlineData("INSERT INTO settings (k, v) VALUES ('a', 'b')")]
    [InlineData("UPDATE episodes SET monitored = false WHERE series_id IN (SELECT id FROM series WHERE monitored = false)")]
    [InlineData("UPDATE episodes SET title = (SELECT title FROM series WHERE series.id = episodes.series_id) WHERE title IS NULL")]
    [InlineData("DELETE FROM history WHERE (episode_id) NOT IN (SELECT id FROM episodes)")]
    public Task UnboundedDataChangeLookAlike_NoDiagnostic(string sql) => Unbounded.VerifyAsync(Migration("Sql(\"" + sql + "\")"));

    [Theory]
    [InlineData("TRUNCATE TABLE sessions")]
    [InlineData("VACUUM FULL orders")]
    [InlineData("CLUSTER orders USING ix_orders_created")]
    [InlineData("ALTER TABLE orders ADD COLUMN id2 bigserial")]
    [InlineData("ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid()")]
    [InlineData("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")]
    public Task TableRewrite_Diagnostic(string sql) => Rewrite.VerifyAsync(Migration("{|SM4006:Sql(\"" + sql + "\")|}"));

    [Theory]
    [InlineData("VACUUM ANALYZE orders")]
    [InlineData("ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT now()")]
    [InlineData("SELECT setval('orders_id_seq', 1000)")]
    public Task TableRewriteLookAlike_NoDiagnostic(string sql) => Rewrite.VerifyAsync(Migration("Sql(\"" + sql + "\")"));

    [Theory]
    [InlineData("CREATE OR ALTER PROCEDURE dbo.purge AS BEGIN SET NOCOUNT ON; DELETE FROM dbo.carts; END")]
    [InlineData("CREATE TRIGGER dbo.tr ON dbo.products AFTER UPDATE AS BEGIN UPDATE p SET modified = 1 FROM dbo.products p INNER JOIN inserted i ON i.id = p.id END")]
    [InlineData("CREATE FUNCTION dbo.f() RETURNS int AS BEGIN DECLARE @n int; UPDATE dbo.counters SET n = n + 1; RETURN 1 END")]
    [InlineData("ALTER PROCEDURE dbo.purge AS DELETE FROM dbo.carts")]
    public Task StatementsInTsqlModuleBody_NoDiagnostic(string sql) => Unbounded.VerifyAsync(Migration("Sql(\"" + sql + "\")"));

    [Fact]
    public Task StatementAfterModuleBatch_Diagnostic() => Unbounded.VerifyAsync(
        Migration("{|SM4005:Sql(\"CREATE PROCEDURE dbo.p AS BEGIN DELETE FROM dbo.a END\\nGO\\nDELETE FROM dbo.b\")|}"));

    [Fact]
    public Task StatementAfterPostgresFunction_Diagnostic() => Unbounded.VerifyAsync(
        Migration("{|SM4005:Sql(\"CREATE FUNCTION f() RETURNS trigger AS $fn$ BEGIN DELETE FROM a; RETURN NEW; END $fn$ LANGUAGE plpgsql; DELETE FROM b\")|}"));

    [Fact]
    public Task ValidateInTransactionThatAddedNotValid_Diagnostic() => ValidatingConstraint.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Execute.Sql("ALTER TABLE orders ADD CONSTRAINT ck CHECK (total >= 0) NOT VALID");
                Execute.{|SM4004:Sql("ALTER TABLE orders VALIDATE CONSTRAINT ck")|};
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task ValidateInSameSqlTextWithoutTransaction_Diagnostic() => ValidatingConstraint.VerifyAsync(Migration(
        "{|SM4004:Sql(\"ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT fk\")|}",
        "[Migration(1, TransactionBehavior.None)]"));

    [Fact]
    public Task ValidateInOwnStatementWithoutTransaction_NoDiagnostic() => ValidatingConstraint.VerifyAsync("""
        [Migration(1, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up()
            {
                Execute.Sql("ALTER TABLE orders ADD CONSTRAINT ck CHECK (total >= 0) NOT VALID");
                Execute.Sql("ALTER TABLE orders VALIDATE CONSTRAINT ck");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task ValidateOfOtherTablesConstraint_NoDiagnostic() => ValidatingConstraint.VerifyAsync(Migration(
        "Sql(\"ALTER TABLE orders ADD CONSTRAINT ck CHECK (total >= 0) NOT VALID; ALTER TABLE invoices VALIDATE CONSTRAINT ck_invoices\")"));

    [Fact]
    public Task SetNotNullAfterValidatedCheck_NoDiagnostic() => AlterColumn.VerifyAsync(Migration(
        "Sql(\"ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_status_nn; ALTER TABLE orders ALTER COLUMN status SET NOT NULL\")"));

    [Fact]
    public Task SetNotNullAfterOtherTablesValidation_Diagnostic() => AlterColumn.VerifyAsync(Migration(
        "{|SM4002:Sql(\"ALTER TABLE invoices VALIDATE CONSTRAINT ck_invoices_nn; ALTER TABLE orders ALTER COLUMN status SET NOT NULL\")|}"));

    [Fact]
    public Task TypeChangeAfterValidatedCheck_Diagnostic() => AlterColumn.VerifyAsync(Migration(
        "{|SM4002:Sql(\"ALTER TABLE orders VALIDATE CONSTRAINT ck; ALTER TABLE orders ALTER COLUMN total TYPE bigint\")|}"));
}
