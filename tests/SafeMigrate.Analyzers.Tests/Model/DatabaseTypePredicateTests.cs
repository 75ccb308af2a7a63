using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.DropColumnRule>;

namespace SafeMigrate.Analyzers.Tests.Model;

/// <summary>IfDatabase(predicate) branches run only where the predicate matches a processor id or alias.</summary>
public class DatabaseTypePredicateTests
{
    private static string Migration(string ifDatabase, bool reported) => $$"""
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => IfDatabase({{ifDatabase}}).Delete.{{(reported ? "{|SM1001:Column(\"legacy\")|}" : "Column(\"legacy\")")}}.FromTable("series");
            public override void Down() { }
        }
        """;

    [Theory]
    [InlineData("id => id == ProcessorIdConstants.SQLite")]
    [InlineData("id => id == \"SQLite\" || id == \"MySql5\"")]
    [InlineData("id => id.Equals(\"sqlite\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("id => id.Contains(\"SqlServer\")")]
    [InlineData("id => string.Equals(id, ProcessorIdConstants.SqlServer2016)")]
    [InlineData("id => id.StartsWith(\"postgres\")")]
    [InlineData("id => { return id.EndsWith(\"SQLite\"); }")]
    public Task PredicateMatchingNoPostgresProcessor_NoDiagnostic(string predicate) =>
        Verify.VerifyAsync(Migration(predicate, reported: false), ProjectSetup.Postgres);

    [Theory]
    [InlineData("id => id.StartsWith(\"Postgre\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("id => id == ProcessorIdConstants.PostgreSQL")]
    [InlineData("id => id.Contains(\"Postgres\")")]
    [InlineData("id => id != ProcessorIdConstants.SQLite")]
    [InlineData("id => !(id == \"SQLite\")")]
    [InlineData("id => id == \"SqlServer\" || id.StartsWith(\"Postgre\")")]
    [InlineData("id => true")]
    public Task PredicateMatchingPostgres_Diagnostic(string predicate) =>
        Verify.VerifyAsync(Migration(predicate, reported: true), ProjectSetup.Postgres);

    [Fact]
    public Task PredicateMatchingSqlServer_DiagnosticOnSqlServerProject() =>
        Verify.VerifyAsync(Migration("id => id.Contains(\"SqlServer\")", reported: true), ProjectSetup.SqlServer);

    [Fact]
    public Task UnreadablePredicate_ReadAsEveryDatabase_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            private static bool IsSqlite(string id) => id == "SQLite";
            public override void Up() => IfDatabase(IsSqlite).Delete.{|SM1001:Column("legacy")|}.FromTable("series");
            public override void Down() { }
        }
        """, ProjectSetup.Postgres);

    [Fact]
    public Task PredicateOverCapturedValue_ReadAsEveryDatabase_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public class M : Migration
        {
            public string Target { get; set; } = "SQLite";
            public override void Up() => IfDatabase(id => id == Target).Delete.{|SM1001:Column("legacy")|}.FromTable("series");
            public override void Down() { }
        }
        """, ProjectSetup.Postgres);
}
