using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Locking.CreateIndexNotConcurrentlyRule>;
using Fix = SafeMigrate.Analyzers.Tests.Infrastructure.CodeFixVerifier<SafeMigrate.Analyzers.Rules.Locking.CreateIndexNotConcurrentlyRule, SafeMigrate.Analyzers.Rules.Locking.CreateIndexNotConcurrentlyFixer>;

namespace SafeMigrate.Analyzers.Tests.Rules.Locking;

public class CreateIndexNotConcurrentlyRuleTests
{
    [Fact]
    public Task CreateIndex_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2001:Index("ix_orders_customer")|}.OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexOnlineOnly_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2001:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().Online();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexConcurrently_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().AsConcurrently();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexConcurrentlySwitchedOff_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2001:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().AsConcurrently(false);
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexSplitAcrossVariables_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up()
            {
                var index = Create.Index("ix").OnTable("orders");
                index.OnColumn("customer_id").Ascending().WithOptions().AsConcurrently();
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexInSqlServerBranch_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase("SqlServer").Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexInPostgresAliasBranch_StillCheckedAsPostgres() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase("Postgres").Create.{|SM2001:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """, ProjectSetup.Postgres);

    [Fact]
    public Task CreateIndexWithSqlServerProvider_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """, ProjectSetup.SqlServer);

    [Fact]
    public Task CreateIndexOnCreatedTable_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("orders").WithColumn("id").AsInt32().PrimaryKey().WithColumn("customer_id").AsInt32().Indexed();
                Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending();
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IndexedColumnAddedToExistingTable_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").AddColumn("ref").AsString(40).Nullable().{|SM2001:Unique()|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexWithRunner_Info() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Create.{|#0:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """, ProjectSetup.Runner, Verify.Diagnostic(0, Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithMessage("Create.Index on 'orders' is built without CONCURRENTLY and blocks writes to the table for the whole build (PostgreSQL): the SafeMigrate runner builds it CONCURRENTLY outside a transaction during expand and cleans up an invalid leftover"));

    [Fact]
    public Task CreateIndex_FixAddsConcurrentlyAndTransactionBehavior() => Fix.VerifyAsync("""
        [Migration(7, "Index orders")]
        public class M : Migration
        {
            public override void Up()
            {
                Create.{|SM2001:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending();
            }
            public override void Down() { }
        }
        """, """
        [Migration(7, TransactionBehavior.None, "Index orders")]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().AsConcurrently();
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndexWithUniqueOption_FixAddsConcurrently() => Fix.VerifyAsync("""
        [Migration(7, TransactionBehavior.Default)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2001:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().Unique();
            public override void Down() { }
        }
        """, """
        [Migration(7, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().Unique().WithOptions().AsConcurrently();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task CreateIndex_FixAddsPostgresUsing() => Fix.VerifyWithoutUsingsAsync("""
        using FluentMigrator;

        [Migration(7)]
        public class M : Migration
        {
            public override void Up() => Create.{|SM2001:Index("ix")|}.OnTable("orders").OnColumn("customer_id").Ascending();
            public override void Down() { }
        }
        """, """
        using FluentMigrator;
        using FluentMigrator.Postgres;

        [Migration(7, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up() => Create.Index("ix").OnTable("orders").OnColumn("customer_id").Ascending().WithOptions().AsConcurrently();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IndexedColumn_FixMovesIndexToConcurrentCreateIndex() => Fix.VerifyAsync("""
        [Migration(7, "Coupon codes")]
        public class M : Migration
        {
            public override void Up()
            {
                Alter.Table("orders").InSchema("sales")
                    .AddColumn("coupon_code").AsString(32).Nullable()
                    .{|SM2001:Indexed()|};
            }
            public override void Down() { }
        }
        """, """
        [Migration(7, TransactionBehavior.None, "Coupon codes")]
        public class M : Migration
        {
            public override void Up()
            {
                Alter.Table("orders").InSchema("sales")
                    .AddColumn("coupon_code").AsString(32).Nullable();
                Create.Index("IX_orders_coupon_code").OnTable("orders").InSchema("sales").OnColumn("coupon_code").Ascending().WithOptions().AsConcurrently();
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task NamedUniqueColumn_FixKeepsNameAndUniqueness() => Fix.VerifyAsync("""
        [Migration(7)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Column("ref").OnTable("orders").AsString(40).Nullable().{|SM2001:Unique("ux_orders_ref")|};
                Alter.Table("orders").AddColumn("note").AsString().Nullable();
            }
            public override void Down() { }
        }
        """, """
        [Migration(7, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Column("ref").OnTable("orders").AsString(40).Nullable();
                Create.Index("ux_orders_ref").OnTable("orders").OnColumn("ref").Ascending().WithOptions().Unique().WithOptions().AsConcurrently();
                Alter.Table("orders").AddColumn("note").AsString().Nullable();
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IndexedColumnInExpressionBody_NoFix() => Fix.VerifyAsync("""
        [Migration(7)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").AddColumn("ref").AsString(40).Nullable().{|SM2001:Indexed()|};
            public override void Down() { }
        }
        """, """
        [Migration(7)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").AddColumn("ref").AsString(40).Nullable().{|SM2001:Indexed()|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IndexedColumnOfUnknownTable_NoFix() => Fix.VerifyAsync("""
        [Migration(7)]
        public class M : Migration
        {
            private readonly string _table = "orders";
            public override void Up()
            {
                Alter.Table(_table).AddColumn("ref").AsString(40).Nullable().{|SM2001:Indexed()|};
            }
            public override void Down() { }
        }
        """, """
        [Migration(7)]
        public class M : Migration
        {
            private readonly string _table = "orders";
            public override void Up()
            {
                Alter.Table(_table).AddColumn("ref").AsString(40).Nullable().{|SM2001:Indexed()|};
            }
            public override void Down() { }
        }
        """);
}
