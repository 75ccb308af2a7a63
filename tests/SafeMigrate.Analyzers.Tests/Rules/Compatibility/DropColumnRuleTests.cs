using SafeMigrate.Analyzers.Rules.Compatibility;
using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.DropColumnRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Compatibility;

public class DropColumnRuleTests
{
    [Fact]
    public Task DropColumn_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.{|SM1001:Column("email")|}.FromTable("users");
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropSeveralColumnsInSchema_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Delete.{|SM1001:Column("a")|}.Column("b").FromTable("users").InSchema("app");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropColumnInDown_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Column("email").OnTable("users").AsString().Nullable();
            public override void Down() => Delete.Column("email").FromTable("users");
        }
        """);

    [Fact]
    public Task DropColumnInCreatedTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("staging").WithColumn("id").AsInt32().PrimaryKey().WithColumn("tmp").AsString().Nullable();
                Delete.Column("tmp").FromTable("staging");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropColumnBeforeCreateTableOfSameName_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Delete.{|SM1001:Column("tmp")|}.FromTable("staging");
                Create.Table("other").WithColumn("id").AsInt32().PrimaryKey();
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropColumnInHelperMethod_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => RemoveLegacy("users");
            private void RemoveLegacy(string table) => Delete.{|SM1001:Column("legacy")|}.FromTable(table);
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropColumnInBaseClassHelper_DiagnosticAtCallSite() => Verify.VerifyAsync("""
        public abstract class AppMigration : Migration
        {
            protected void DropLegacy(string table) => Delete.Column("legacy").FromTable(table);
            public override void Down() { }
        }

        [Migration(1)]
        public class M : AppMigration
        {
            public override void Up() => {|SM1001:DropLegacy("users")|};
        }
        """);

    [Fact]
    public Task DropColumnOfTableCreatedByHelper_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                CreateTable("staging");
                Delete.Column("tmp").FromTable("staging");
            }
            private void CreateTable(string name) => Create.Table(name).WithColumn("tmp").AsString().Nullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropColumnWithRunner_Info() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.{|#0:Column("email")|}.FromTable("users");
            public override void Down() { }
        }
        """, ProjectSetup.Runner, Verify.Diagnostic(0, Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithMessage("Delete.Column drops 'email' from 'users' while the running version may still read or write it: the SafeMigrate runner makes it nullable during expand and drops it during contract"));

    [Fact]
    public Task WithoutFluentMigrator_NoDiagnostic() => Verify.VerifyAsync("""
        public class Delete { public static Delete Column(string name) => new Delete(); public void FromTable(string t) { } }
        public class M
        {
            public void Up() => Delete.Column("email").FromTable("users");
        }
        """, new ProjectSetup(ReferenceFluentMigrator: false));
}
