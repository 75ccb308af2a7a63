using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Data.SetExistingRowsToRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Data;

public class SetExistingRowsToRuleTests
{
    [Fact]
    public Task SetExistingRowsTo_Diagnostic() => Verify.VerifyAsync("""
        [Migration(3)]
        public class AddCustomerStatus : Migration
        {
            public override void Up()
            {
                Create.Column("status").OnTable("customers").AsString(20).NotNullable().{|SM3002:SetExistingRowsTo("active")|};
            }
            public override void Down() => Delete.Column("status").FromTable("customers");
        }
        """);

    [Fact]
    public Task SetExistingRowsToOnCreatedTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(3)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("customers").WithColumn("id").AsInt32().PrimaryKey();
                Create.Column("status").OnTable("customers").AsString(20).NotNullable().SetExistingRowsTo("active");
            }
            public override void Down() { }
        }
        """);
}
