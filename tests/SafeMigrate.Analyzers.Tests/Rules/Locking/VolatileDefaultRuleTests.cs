using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Locking.VolatileDefaultRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Locking;

public class VolatileDefaultRuleTests
{
    [Fact]
    public Task NewGuidDefault_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Alter.Table("orders").AddColumn("token").AsGuid().NotNullable().{|SM2007:WithDefault(SystemMethods.NewGuid)|};
                Create.Column("key").OnTable("orders").AsGuid().Nullable().{|SM2007:WithDefaultValue(RawSql.Insert("gen_random_uuid()"))|};
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task StableOrConstantDefault_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Alter.Table("orders").AddColumn("created").AsDateTime().NotNullable().WithDefault(SystemMethods.CurrentDateTime);
                Alter.Table("orders").AddColumn("kind").AsString(10).NotNullable().WithDefaultValue("retail");
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task VolatileDefaultInCreateTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Table("tokens").WithColumn("id").AsGuid().PrimaryKey().WithDefault(SystemMethods.NewGuid);
            public override void Down() { }
        }
        """);
}
