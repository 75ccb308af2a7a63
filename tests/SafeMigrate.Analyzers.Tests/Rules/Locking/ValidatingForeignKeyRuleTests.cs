using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Locking.ValidatingForeignKeyRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Locking;

public class ValidatingForeignKeyRuleTests
{
    [Fact]
    public Task CreateForeignKey_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2004:ForeignKey("fk_orders_customer")|}.FromTable("orders").ForeignColumn("customer_id").ToTable("customers").PrimaryColumn("id");
            public override void Down() { }
        }
        """);

    [Fact]
    public Task ColumnForeignKeyOnExistingTable_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").AddColumn("customer_id").AsInt32().Nullable().{|SM2004:ForeignKey("customers", "id")|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task ForeignKeyFromCreatedTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("order_lines").WithColumn("id").AsInt32().PrimaryKey().WithColumn("order_id").AsInt32().ForeignKey("orders", "id");
                Create.ForeignKey("fk_lines_product").FromTable("order_lines").ForeignColumn("id").ToTable("products").PrimaryColumn("id");
            }
            public override void Down() { }
        }
        """);
}
