using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.AlterColumnRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Compatibility;

public class AlterColumnRuleTests
{
    [Fact]
    public Task AlterColumn_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.{|SM1006:Column("price")|}.OnTable("products").AsDecimal(12, 2).NotNullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AlterTableAlterColumn_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("products")
                .AddColumn("sku").AsString(40).Nullable()
                .{|SM1006:AlterColumn("name")|}.AsString(500).NotNullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AlterTableAddColumnOnly_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("products").AddColumn("sku").AsString(40).Nullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task AlterColumnOfCreatedTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("products").WithColumn("price").AsInt32().Nullable();
                Alter.Column("price").OnTable("products").AsDecimal(12, 2).Nullable();
            }
            public override void Down() { }
        }
        """);
}
