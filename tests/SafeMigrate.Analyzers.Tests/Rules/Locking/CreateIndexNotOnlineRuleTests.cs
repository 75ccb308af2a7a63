using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Locking.CreateIndexNotOnlineRule>;
using Fix = SafeMigrate.Analyzers.Tests.Infrastructure.CodeFixVerifier<SafeMigrate.Analyzers.Rules.Locking.CreateIndexNotOnlineRule, SafeMigrate.Analyzers.Rules.Locking.CreateIndexNotOnlineFixer>;

namespace SafeMigrate.Analyzers.Tests.Rules.Locking;

public class CreateIndexNotOnlineRuleTests
{
    [Fact]
    public Task CreateIndex_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase("SqlServer2016").Create.{|SM2002:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexConcurrentlyOnly_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2002:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().AsConcurrently();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexOnline_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().Online();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexInPostgresBranch_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase(ProcessorIdConstants.PostgreSQL).Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexWithPostgresProvider_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """, ProjectSetup.Postgres);

    [Fact]
    public Task CreateIndex_FixAddsOnline() => Fix.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2002:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """, """
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().Online();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IndexedColumn_FixMovesIndexToOnlineCreateIndex() => Fix.VerifyAsync("""
        [Migration(7)]
        public class M : Migration
        {
            public override void Up()
            {
                Alter.Table("Products").AddColumn("Barcode").AsAnsiString(14).Nullable().{|SM2002:Unique()|};
            }
            public override void Down() { }
        }
        """, """
        [Migration(7)]
        public class M : Migration
        {
            public override void Up()
            {
                Alter.Table("Products").AddColumn("Barcode").AsAnsiString(14).Nullable();
                Create.Index("IX_Products_Barcode").OnTable("Products").OnColumn("Barcode").Ascending().WithOptions().Unique().WithOptions().Online();
            }
            public override void Down() { }
        }
        """, setup: ProjectSetup.SqlServer);
}
