using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Data.UpdateAllRowsRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Data;

public class UpdateAllRowsRuleTests
{
    [Fact]
    public Task UpdateAllRows_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Update.Table("orders").Set(new { status = "open" }).{|SM3001:AllRows()|};
            public override void Down() { }
        }
        """);

    [Fact]
    public Task UpdateWhere_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Update.Table("orders").Set(new { status = "open" }).Where(new { id = 1 });
            public override void Down() { }
        }
        """);

    [Fact]
    public Task UpdateAllRowsWithRunner_Info() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Update.Table("orders").Set(new { status = "open" }).{|#0:AllRows()|};
            public override void Down() { }
        }
        """, ProjectSetup.Runner, Verify.Diagnostic(0, Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithMessage("Update.Table('orders').AllRows() updates every row in one statement and keeps them locked until commit: the SafeMigrate runner runs it as a batched, resumable backfill during expand"));

    [Fact]
    public Task DeleteAllRows_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.FromTable("pending_releases").{|#0:AllRows()|};
            public override void Down() { }
        }
        """, null, Verify.Diagnostic(0)
            .WithMessage("Delete.FromTable('pending_releases').AllRows() deletes every row in one statement and keeps them locked until commit: delete in batches by key range (Execute.Sql with a bounded WHERE per batch), each in its own short transaction, or drop and recreate the table in the contract phase if it is scratch data"));

    [Fact]
    public Task DeleteAllRowsWithRunner_StaysWarning() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.FromTable("pending_releases").InSchema("media").{|SM3001:AllRows()|};
            public override void Down() { }
        }
        """, ProjectSetup.Runner);

    [Fact]
    public Task DeleteRow_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Delete.FromTable("pending_releases").Row(new { id = 42 });
            public override void Down() { }
        }
        """);

    [Fact]
    public Task DeleteAllRowsOfTableCreatedEarlier_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Create.Table("staging").WithColumn("id").AsInt32().PrimaryKey();
                Delete.FromTable("staging").AllRows();
            }
            public override void Down() { }
        }
        """);
}
