using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.RenameTableRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Compatibility;

public class RenameTableRuleTests
{
    [Fact]
    public Task RenameTable_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Rename.{|SM1004:Table("customer")|}.To("customers");
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RenameCreatedTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("customers_new").WithColumn("id").AsInt32().PrimaryKey();
                Rename.Table("customers_new").To("customers_v2");
            }
            public override void Down() { }
        }
        """);

    [Theory]
    [InlineData("CREATE VIEW customer AS SELECT * FROM customers")]
    [InlineData("CREATE OR REPLACE VIEW public.customer AS SELECT * FROM customers")]
    [InlineData("CREATE SYNONYM dbo.customer FOR dbo.customers")]
    public Task RenameKeepingOldNameAsViewOrSynonym_NoDiagnostic(string sql) => Verify.VerifyAsync($$"""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Rename.Table("customer").To("customers");
                Execute.Sql("{{sql}}");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RenameWithViewUnderAnotherName_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Rename.{|SM1004:Table("customer")|}.To("customers");
                Execute.Sql("CREATE VIEW active_customers AS SELECT * FROM customers WHERE active");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task RenameWithViewInOtherProvidersBranch_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Rename.{|SM1004:Table("customer")|}.To("customers");
                IfDatabase("SqlServer").Execute.Sql("CREATE SYNONYM dbo.customer FOR dbo.customers");
            }
            public override void Down() { }
        }
        """, ProjectSetup.Postgres);
}
