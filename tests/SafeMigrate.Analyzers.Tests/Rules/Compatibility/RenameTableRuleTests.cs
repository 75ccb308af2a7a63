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

    [Fact]
    public Task MoveTableToAnotherSchema_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("tags").InSchema("public").{|#0:ToSchema("media")|};
            public override void Down() { }
        }
        """, null, Verify.Diagnostic(0)
            .WithMessage("Alter.Table('tags').ToSchema('media') moves the table out of 'public' while the running version still uses the old name: create the table in the new schema, sync and backfill it, and move readers before dropping the old one in a later release; or keep a view under the old schema until the old version is gone"));

    [Fact]
    public Task MoveTableWithRunner_StaysWarning() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("tags").{|SM1004:ToSchema("media")|};
            public override void Down() { }
        }
        """, ProjectSetup.Runner);

    [Fact]
    public Task MoveTableCreatedEarlier_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("tags").WithColumn("id").AsInt32().PrimaryKey();
                Alter.Table("tags").ToSchema("media");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AlterTableAddColumn_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("tags").InSchema("media").AddColumn("label").AsString().Nullable();
            public override void Down() { }
        }
        """);
}
