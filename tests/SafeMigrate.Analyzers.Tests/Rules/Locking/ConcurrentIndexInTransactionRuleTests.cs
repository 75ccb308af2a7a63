using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Locking.ConcurrentIndexInTransactionRule>;
using Fix = SafeMigrate.Analyzers.Tests.Infrastructure.CodeFixVerifier<SafeMigrate.Analyzers.Rules.Locking.ConcurrentIndexInTransactionRule, SafeMigrate.Analyzers.Rules.Locking.ConcurrentIndexInTransactionFixer>;

namespace SafeMigrate.Analyzers.Tests.Rules.Locking;

public class ConcurrentIndexInTransactionRuleTests
{
    [Fact]
    public Task AsConcurrentlyInTransaction_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().{|SM2006:AsConcurrently()|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RawConcurrentlyInTransaction_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Execute.{|SM2006:Sql("CREATE INDEX CONCURRENTLY ix ON orders (customer_id)")|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RawVacuumInTransaction_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Execute.{|SM2006:Sql("VACUUM (ANALYZE) orders")|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RawConcurrentlyInCommentOrLiteral_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Execute.Sql("-- CONCURRENTLY is not needed: the table is new\nCREATE INDEX ix ON orders (customer_id)");
                Execute.Sql("CREATE INDEX ix2 ON orders (note) WHERE note <> 'CONCURRENTLY'");
                Execute.Sql("REFRESH MATERIALIZED VIEW CONCURRENTLY sales_by_day");
            }

            public override void Down() { }
        }
        """);

    [Fact]
    public Task AsConcurrentlyWithoutTransaction_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1, TransactionBehavior.None, "index")]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().AsConcurrently();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AsConcurrentlyInTransaction_FixAddsTransactionBehavior() => Fix.VerifyAsync("""
        [Migration(20240101)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().{|SM2006:AsConcurrently()|};
            public override void Down() { }
        }
        """, """
        [Migration(20240101, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().AsConcurrently();
            public override void Down() { }
        }
        """);
}
