using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.IgnoredIfDatabaseBranchRule>;

namespace SafeMigrate.Analyzers.Tests.Rules.Compatibility;

public class IgnoredIfDatabaseBranchRuleTests
{
    [Fact]
    public Task IfDatabasePostgres_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1, TransactionBehavior.None)]
        public class M : Migration
        {
            public override void Up() => {|#0:IfDatabase("Postgres")|}.Execute.Sql("CREATE INDEX CONCURRENTLY ix ON orders (customer_id)");
            public override void Down() { }
        }
        """, null, Verify.Diagnostic(0).WithMessage(
            "IfDatabase(\"Postgres\") matches no processor in FluentMigrator 8.0.1, so this branch never runs: use IfDatabase(ProcessorIdConstants.PostgreSQL), that is \"PostgreSQL\""));

    [Fact]
    public Task IfDatabasePostgresConstant_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => {|SM1007:IfDatabase(ProcessorIdConstants.Postgres)|}.Create.Column("note").OnTable("orders").AsString().Nullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IfDatabasePostgresAmongOthersAnyCase_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up()
            {
                var branch = {|SM1007:IfDatabase("SqlServer", "postgres")|};
                branch.Create.Column("note").OnTable("orders").AsString().Nullable();
            }
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IfDatabasePostgresInBaseClassHelper_DiagnosticAtCall() => Verify.VerifyAsync("""
        public abstract class ShopMigration : Migration
        {
            protected void EnableTrigramSearch() => IfDatabase("Postgres").Execute.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            public override void Down() { }
        }

        [Migration(1)]
        public class M : ShopMigration
        {
            public override void Up() => {|SM1007:EnableTrigramSearch()|};
        }
        """);

    [Theory]
    [InlineData("\"PostgreSQL\"")]
    [InlineData("\"PostgreSQL15_0\"")]
    [InlineData("ProcessorIdConstants.PostgreSQL")]
    [InlineData("\"SqlServer\"")]
    [InlineData("\"Postgresql\"")]
    public Task IfDatabaseKnownName_NoDiagnostic(string databaseType) => Verify.VerifyAsync($$"""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase({{databaseType}}).Create.Column("note").OnTable("orders").AsString().Nullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IfDatabasePredicate_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase(t => t.StartsWith("Postgres")).Create.Column("note").OnTable("orders").AsString().Nullable();
            public override void Down() { }
        }
        """);

    [Fact]
    public Task IfDatabasePostgresInSqlServerProject_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase("Postgres").Execute.Sql("CREATE EXTENSION IF NOT EXISTS citext");
            public override void Down() { }
        }
        """, ProjectSetup.SqlServer);

    [Fact]
    public Task IfDatabasePostgresInDown_NoDiagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() { }
            public override void Down() => IfDatabase("Postgres").Execute.Sql("DROP EXTENSION pg_trgm");
        }
        """);

    [Fact]
    public Task IfDatabasePostgresUnderRunner_StaysWarning() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => {|SM1007:IfDatabase("Postgres")|}.Execute.Sql("SELECT 1");
            public override void Down() { }
        }
        """, ProjectSetup.Runner);
}
