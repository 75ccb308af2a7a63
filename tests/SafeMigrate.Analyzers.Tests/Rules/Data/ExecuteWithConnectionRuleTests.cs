using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Data.ExecuteWithConnectionRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Data;

public class ExecuteWithConnectionRuleTests
{
    [Fact]
    public Task WithConnectionMethodGroup_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Execute.{|#0:WithConnection(Fix)|};
            private void Fix(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction) { }
            public override void Down() { }
        }
        """, null, Verify.Diagnostic(0).WithMessage(
            "Execute.WithConnection runs an opaque data fix in one go inside the migration's transaction, and the rows it writes stay locked until commit: run the fix in a declared phase in batches by key range, each in its own short transaction (the SafeMigrate runner backfills Update.Table(..).Set(..) that way), or as bounded Execute.Sql statements"));

    [Fact]
    public Task WithConnectionLambda_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                Execute.{|SM3003:WithConnection((connection, transaction) =>
                {
                    using var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = "UPDATE orders SET total = 0";
                    command.ExecuteNonQuery();
                })|};
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task WithConnectionInTemplateOverride_DiagnosticInTheOverride() => Verify.VerifyAsync("""
        public abstract class AppMigrationBase : Migration
        {
            protected virtual void MainDbUpgrade() { }
            public override void Up() => MainDbUpgrade();
            public override void Down() { }
        }

        [Migration(1)]
        public class M : AppMigrationBase
        {
            protected override void MainDbUpgrade() => Execute.{|SM3003:WithConnection((c, t) => { })|};
        }
        """);

    [Fact]
    public Task WithConnectionUnderRunner_WarningNamingTheCheckId() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Execute.{|#0:WithConnection((c, t) => { })|};
            public override void Down() { }
        }
        """, ProjectSetup.Runner, Verify.Diagnostic(0, DiagnosticSeverity.Warning).WithMessage(
            "Execute.WithConnection runs an opaque data fix in one go inside the migration's transaction, and the rows it writes stay locked until commit: the SafeMigrate runner refuses it (check reports SM5003); declare its phase with Execute.WithConnectionInExpand / Execute.WithConnectionInContract (run once, in one transaction), or, when the fix touches many rows of a big table, use the batched form Execute.WithConnectionInBatches(table, (connection, transaction, batch) => ..) (each batch commits on its own, holds row locks for ~100 ms, resumes after a kill), or express the fix as Update.Table(..).Set(..).AllRows() or .Where(..), which the runner backfills in batches during expand, or as SQL with a declared phase (Execute.SqlInExpand / Execute.SqlInContract)"));

    [Fact]
    public Task WithConnectionInSqliteBranchOfPostgresProject_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase("SQLite").Execute.WithConnection((c, t) => { });
            public override void Down() { }
        }
        """, ProjectSetup.Postgres);

    [Fact]
    public Task WithConnectionInDown_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => Alter.Table("orders").AddColumn("note").AsString().Nullable();
            public override void Down() => Execute.WithConnection((c, t) => { });
        }
        """);
}
