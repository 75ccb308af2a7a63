using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.DropTableRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Compatibility;

public class DropTableRuleTests
{
    [Fact]
    public Task DropTable_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.{|SM1002:Table("orders")|}.InSchema("sales");
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropTableInIfDatabaseBranch_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase("SqlServer").Delete.{|SM1002:Table("orders")|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropTableCreatedEarlier_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("tmp_import").WithColumn("id").AsInt32();
                Execute.Sql("INSERT INTO orders SELECT * FROM tmp_import WHERE id > 0");
                Delete.Table("tmp_import");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DropTableOnlyInDown_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Table("orders").WithColumn("id").AsInt32().PrimaryKey();
            public override void Down() => Delete.Table("orders");
        }
        """);

    [Fact]
    public Task DropTableForOtherDatabase_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase("SQLite").Delete.Table("orders");
            public override void Down() { }
        }
        """);
}
