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
}
