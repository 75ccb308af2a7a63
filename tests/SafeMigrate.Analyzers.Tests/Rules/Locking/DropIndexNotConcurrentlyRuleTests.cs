using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Locking.DropIndexNotConcurrentlyRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Locking;

public class DropIndexNotConcurrentlyRuleTests
{
    [Fact]
    public Task DropIndex_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.{|SM2003:Index("ix_orders_customer")|}.OnTable("orders");
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropIndexWithSqlServerProvider_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.Index("ix_orders_customer").OnTable("orders");
            public override void Down() { }
        }
        """, ProjectSetup.SqlServer);

    [Fact]
    public Task DropIndexInDown_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().AsConcurrently();
            public override void Down() => Delete.Index("ix").OnTable("orders");
        }
        """);

    [Fact]
    public Task UnnamedDropIndex_DiagnosticNamesTheColumns() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.{|#0:Index()|}.OnTable("history").OnColumn("date");
            public override void Down() { }
        }
        """, null, Verify.Diagnostic(0)
            .WithMessage("Delete.Index drops the index on 'history' (date) with a plain DROP INDEX, which takes ACCESS EXCLUSIVE on the table (PostgreSQL): use Execute.Sql(\"DROP INDEX CONCURRENTLY ...\") in a migration marked TransactionBehavior.None"));

    [Fact]
    public Task UnnamedDropIndexOnColumns_DiagnosticNamesEveryColumn() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.{|#0:Index()|}.OnTable("history").OnColumns("series_id", "date");
            public override void Down() { }
        }
        """, null, Verify.Diagnostic(0)
            .WithMessage("Delete.Index drops the index on 'history' (series_id, date) with a plain DROP INDEX, which takes ACCESS EXCLUSIVE on the table (PostgreSQL): use Execute.Sql(\"DROP INDEX CONCURRENTLY ...\") in a migration marked TransactionBehavior.None"));

    [Fact]
    public Task NamedDropIndex_DiagnosticQuotesTheName() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.{|#0:Index("ix_history_date")|}.OnTable("history");
            public override void Down() { }
        }
        """, null, Verify.Diagnostic(0)
            .WithMessage("Delete.Index drops 'ix_history_date' with a plain DROP INDEX, which takes ACCESS EXCLUSIVE on the table (PostgreSQL): use Execute.Sql(\"DROP INDEX CONCURRENTLY ...\") in a migration marked TransactionBehavior.None"));
}
