using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Locking.IdentityColumnOnExistingTableRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Locking;

public class IdentityColumnOnExistingTableRuleTests
{
    [Fact]
    public Task IdentityColumnAdded_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("legacy").AddColumn("id").AsInt64().NotNullable().{|SM2008:Identity()|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IdentityInCreateTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Table("orders").WithColumn("id").AsInt64().PrimaryKey().Identity();
            public override void Down() { }
        }
        """);
}
