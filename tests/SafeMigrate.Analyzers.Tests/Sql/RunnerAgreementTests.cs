using SafeMigrate.Rules;
using System.Collections.Immutable;
using FluentMigrator;
using Microsoft.CodeAnalysis.CSharp;
using SafeMigrate.Analyzers.Tests.Accuracy;
using SafeMigrate.Checks;
using SafeMigrate.Execution;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.Sql;
using Xunit;
using SafeMigrate.Steps;

namespace SafeMigrate.Analyzers.Tests.Sql;

/// <summary>
/// The analyzer and the runner judge the same Execute.Sql alike. On one side the analyzer as a compiler runs it (SM2006:
/// PostgreSQL would refuse this SQL in the migration's transaction) and the reader as compiled into the analyzer assembly;
/// on the other the runner's offline plan of the same text: whether Execute.Sql is placed in expand, in contract or refused
/// (SM5001), and whether its step runs outside a transaction. The analyzer makes no phase decision of its own; the phase
/// it reads (the shared reader in its assembly) must be the one the runner plans by.
/// </summary>
public sealed class RunnerAgreementTests
{
    private static readonly string[] SqlTexts =
    {
        "CREATE INDEX CONCURRENTLY ix ON orders (customer_id)",
        "CREATE UNIQUE INDEX CONCURRENTLY ix ON orders (code) WHERE note = 'x'",
        "CREATE INDEX ix ON orders (note) WHERE note = 'CONCURRENTLY'",
        "-- CONCURRENTLY would be better\nCREATE INDEX ix ON orders (customer_id)",
        "/* old: CREATE INDEX CONCURRENTLY */ DROP VIEW legacy",
        "-- a leading comment\nCREATE VIEW active AS SELECT id FROM users",
        "DROP INDEX CONCURRENTLY IF EXISTS ix_old",
        "DROP INDEX IF EXISTS ix_old",
        "DROP INDEX ix_old CASCADE",
        "REINDEX TABLE CONCURRENTLY orders",
        "ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY",
        "VACUUM (ANALYZE) orders",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY sales_by_day",
        "INSERT INTO notes (body) VALUES ('first; second')",
        "CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN NEW.at = now(); RETURN NEW; END $$ LANGUAGE plpgsql",
        "DO $$ BEGIN RAISE NOTICE 'CREATE INDEX CONCURRENTLY'; END $$",
        "SELECT E'\\'; VACUUM; '",
        "CREATE TABLE a (id int); CREATE INDEX CONCURRENTLY ix ON a (id)",
        "CREATE TABLE a (id int); CREATE TABLE b (id int)",
        "CREATE EXTENSION IF NOT EXISTS pgcrypto",
        "COMMENT ON TABLE orders IS 'DROP VIEW v'",
        "DROP FUNCTION legacy_total(integer)",
        "UPDATE orders SET total = 0 WHERE id < 10",
        "UPDATE orders SET total = 0",
        "UPDATE orders SET total = items.sum FROM items",
        "DELETE FROM orders WHERE id < 10; DELETE FROM items WHERE id < 10",
        "DELETE FROM orders",
        "ALTER TABLE orders ADD COLUMN note text",
    };

    public static TheoryData<string> Texts() => new(SqlTexts);

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task AnalyzerAndRunner_AgreeOnPhaseAndTransaction(string sql)
    {
        var (runnerPhase, runnerOutside) = RunnerVerdict(sql);

        var source = "using FluentMigrator;\n\n[Migration(1)]\npublic class RawSql : Migration\n{\n"
            + "    public override void Up() => Execute.Sql(" + SymbolDisplay.FormatLiteral(sql, quote: true) + ");\n\n"
            + "    public override void Down() { }\n}\n";
        var diagnostics = await CorpusRunner.AnalyzeAsync(new CorpusCase("Agreement", "Agreement.cs", source, ImmutableHashSet<string>.Empty), [], "postgres");
        var analyzerOutside = diagnostics.Any(d => d.Id == RuleIdentifiers.ConcurrentIndexInTransaction);
        var analyzerPhase = RawSqlReader.Read(sql, SqlFlavor.Postgres).Phase;

        Assert.Equal(runnerPhase, analyzerPhase);
        Assert.Equal(runnerOutside, analyzerOutside);
    }

    [Fact]
    public void Texts_CoverEveryVerdict()
    {
        // The agreement above means something only if both sides say each thing at least once.
        var verdicts = SqlTexts.Select(RunnerVerdict).ToList();
        Assert.Contains(verdicts, v => v.Phase == SqlPhase.Expand && v.OutsideTransaction);
        Assert.Contains(verdicts, v => v.Phase == SqlPhase.Expand && !v.OutsideTransaction);
        Assert.Contains(verdicts, v => v.Phase == SqlPhase.Contract && v.OutsideTransaction);
        Assert.Contains(verdicts, v => v.Phase == SqlPhase.Contract && !v.OutsideTransaction);
        Assert.Contains(verdicts, v => v.Phase == SqlPhase.Unknown && v.OutsideTransaction);
        Assert.Contains(verdicts, v => v.Phase == SqlPhase.Unknown && !v.OutsideTransaction);
    }

    /// <summary>
    /// The runner's plan: the phase it gives Execute.Sql (unknown when it refuses it), and whether the step of the same
    /// SQL runs outside a transaction (read from Execute.SqlInExpand, so that refused texts are judged too).
    /// </summary>
    private static (SqlPhase Phase, bool OutsideTransaction) RunnerVerdict(string sql)
    {
        var plain = SafeMigrator.PlanOffline(MigrationInstances.Collect(new PlainSql(sql))).Migrations.Single();
        var refused = SafeMigrator.PlanOffline(MigrationInstances.Collect(new PlainSql(sql))).Refusals.Any(r => r.RuleId == RuleIds.RawSqlWithoutPhase);
        var phase = refused ? SqlPhase.Unknown
            : plain.Expand.Count == 1 && plain.Contract.Count == 0 ? SqlPhase.Expand
            : plain.Contract.Count == 1 && plain.Expand.Count == 0 ? SqlPhase.Contract
            : throw new InvalidOperationException($"Unexpected plan for {sql}: {plain.Expand.Count} expand, {plain.Contract.Count} contract step(s).");

        var declared = SafeMigrator.PlanOffline(MigrationInstances.Collect(new DeclaredExpandSql(sql))).Migrations.Single();
        var step = Assert.IsType<SqlStep>(Assert.Single(declared.Expand));
        return (phase, !step.Transactional);
    }

    [Migration(1)]
    private sealed class PlainSql(string sql) : Migration
    {
        public override void Up() => Execute.Sql(sql);

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class DeclaredExpandSql(string sql) : Migration
    {
        public override void Up() => Execute.SqlInExpand(sql);

        public override void Down() { }
    }
}
