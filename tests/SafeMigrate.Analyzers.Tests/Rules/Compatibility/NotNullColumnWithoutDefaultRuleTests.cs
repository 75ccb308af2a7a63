using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.NotNullColumnWithoutDefaultRule>;
using Fix = SafeMigrate.Analyzers.Tests.Infrastructure.CodeFixVerifier<SafeMigrate.Analyzers.Rules.Compatibility.NotNullColumnWithoutDefaultRule, SafeMigrate.Analyzers.Rules.Compatibility.NotNullColumnWithoutDefaultFixer>;

namespace SafeMigrate.Analyzers.Tests.Rules.Compatibility;

public class NotNullColumnWithoutDefaultRuleTests
{
    [Fact]
    public Task CreateColumnNotNullable_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM1005:Column("status")|}.OnTable("orders").AsString(20).NotNullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AddColumnWithUnspecifiedNullability_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").{|SM1005:AddColumn("status")|}.AsString(20);
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AddColumnInLambdaOfHelper_Diagnostic() => Verify.VerifyAsync("""
        using FluentMigrator.Builders.Alter.Table;

        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Extend("orders", t => t.{|SM1005:AddColumn("status")|}.AsString(20).NotNullable());
            private void Extend(string table, Action<IAlterTableAddColumnOrAlterColumnOrSchemaOrDescriptionSyntax> columns) => columns(Alter.Table(table));
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AddNullableColumn_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").AddColumn("status").AsString(20).Nullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AddNotNullColumnWithDefault_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Alter.Table("orders").AddColumn("status").AsString(20).NotNullable().WithDefaultValue("new");
                Create.Column("created").OnTable("orders").AsDateTime().NotNullable().WithDefault(SystemMethods.CurrentDateTime);
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AddNotNullColumnWithSetExistingRowsTo_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Column("status").OnTable("orders").AsString(20).NotNullable().SetExistingRowsTo("active");
            public override void Down() { }
        }
        """);

    [Fact]
    public Task NotNullColumnInCreateTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("orders").WithColumn("id").AsInt32().PrimaryKey().WithColumn("status").AsString(20).NotNullable();
                Create.Column("total").OnTable("orders").AsDecimal().NotNullable();
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task NotNullColumn_FixMakesNullable() => Fix.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").{|SM1005:AddColumn("status")|}.AsString(20).NotNullable();
            public override void Down() { }
        }
        """, """
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").AddColumn("status").AsString(20).Nullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task UnspecifiedNullability_FixAddsNullable() => Fix.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM1005:Column("total")|}.OnTable("orders").AsInt32();
            public override void Down() { }
        }
        """, """
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Column("total").OnTable("orders").AsInt32().Nullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task NotNullColumn_FixAddsDefault() => Fix.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").{|SM1005:AddColumn("status")|}.AsString(20).NotNullable();
            public override void Down() { }
        }
        """, """
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").AddColumn("status").AsString(20).WithDefaultValue("").NotNullable();
            public override void Down() { }
        }
        """, codeActionIndex: 1);
}
