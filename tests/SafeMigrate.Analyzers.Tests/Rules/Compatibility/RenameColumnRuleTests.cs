using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.RenameColumnRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Compatibility;

public class RenameColumnRuleTests
{
    [Fact]
    public Task RenameColumn_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                IfDatabase("PostgreSQL").Rename.{|SM1003:Column("email")|}.OnTable("customers").To("email_address");
                IfDatabase("SqlServer").Rename.{|SM1003:Column("email")|}.OnTable("customers").To("email_address");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RenameColumnSplitAcrossVariables_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                var rename = Rename.{|SM1003:Column("email")|};
                rename.OnTable("customers").To("email_address");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RenameColumnOfCreatedTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("customers").WithColumn("email").AsString().Nullable();
                Rename.Column("email").OnTable("customers").To("email_address");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RenameColumnInDown_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Column("nickname").OnTable("customers").AsString().Nullable();
            public override void Down() => Rename.Column("nickname").OnTable("customers").To("nick");
        }
        """);
}
