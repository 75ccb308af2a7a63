using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Locking.UniqueOrPrimaryKeyOnExistingTableRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Locking;

public class UniqueOrPrimaryKeyOnExistingTableRuleTests
{
    [Fact]
    public Task UniqueConstraint_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.{|SM2005:UniqueConstraint("uq_customers_email")|}.OnTable("customers").Column("email");
                Create.{|SM2005:PrimaryKey("pk_audit")|}.OnTable("audit").Column("id");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task UniqueConstraintOnlineWithSqlServerProvider_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.UniqueConstraint("uq").OnTable("customers").Column("email").Online();
            public override void Down() { }
        }
        """, ProjectSetup.SqlServer);

    [Fact]
    public Task UniqueConstraintOnlineWithBothProviders_DiagnosticForPostgres() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2005:UniqueConstraint("uq")|}.OnTable("customers").Column("email").Online();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task PrimaryKeyOnCreatedTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("audit").WithColumn("id").AsInt64().NotNullable();
                Create.PrimaryKey("pk_audit").OnTable("audit").Column("id");
            }
            public override void Down() { }
        }
        """);
}
