using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SafeMigrate.Analyzers.Rules.Compatibility;
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

    /// <summary>
    /// A stand-in FluentMigrator of another release (the package mirror serves 8.0.1 only): the names the rule reads
    /// (MigrationBase.IfDatabase, MigrationAttribute) and the version attributes FluentMigrator's build stamps, the
    /// assembly version with the major number only and the release in the file version.
    /// </summary>
    private static async Task<MetadataReference> FluentMigratorReleaseAsync(string release)
    {
        var major = release.Split('.')[0];
        var source = $$"""
            [assembly: System.Reflection.AssemblyVersion("{{major}}.0.0.0")]
            [assembly: System.Reflection.AssemblyFileVersion("{{release}}.0")]
            [assembly: System.Reflection.AssemblyInformationalVersion("{{release}}+0123abc")]
            namespace FluentMigrator
            {
                public class MigrationAttribute : System.Attribute { public MigrationAttribute(long version) { } }
                public interface IIfDatabaseRoot { void Sql(string sql); }
                public abstract class MigrationBase
                {
                    public abstract void Up();
                    public abstract void Down();
                    public IIfDatabaseRoot IfDatabase(params string[] databaseType) => null!;
                }
                public abstract class Migration : MigrationBase { }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "FluentMigrator",
            new[] { CSharpSyntaxTree.ParseText(source) },
            await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static async Task VerifyWithReleaseAsync(string release, string source, params DiagnosticResult[] expected)
    {
        var test = new SingleRuleAnalyzerTest<IgnoredIfDatabaseBranchRule>
        {
            TestCode = "using FluentMigrator;\n\n" + source,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        test.TestState.AdditionalReferences.Add(await FluentMigratorReleaseAsync(release));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    private const string PostgresBranch = """
        [Migration(1)]
        public class M : Migration
        {
            public override void Up() => {|#0:IfDatabase("Postgres")|}.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            public override void Down() { }
        }
        """;

    [Theory]
    [InlineData("3.3.2")]
    [InlineData("7.0.0")]
    [InlineData("9.0.0")]
    public Task FluentMigratorReleaseWherePostgresIsAnId_NoDiagnostic(string release) =>
        VerifyWithReleaseAsync(release, PostgresBranch.Replace("{|#0:", string.Empty).Replace(")|}.Sql", ").Sql"));

    [Theory]
    [InlineData("7.1.0")]
    [InlineData("7.2.0")]
    [InlineData("8.0.0")]
    public Task FluentMigratorReleaseWithoutPostgresAlias_Diagnostic(string release) =>
        VerifyWithReleaseAsync(release, PostgresBranch, new DiagnosticResult(IgnoredIfDatabaseBranchRule.Rule).WithLocation(0).WithMessage(
            $"IfDatabase(\"Postgres\") matches no processor in FluentMigrator {release}, so this branch never runs: use IfDatabase(ProcessorIdConstants.PostgreSQL), that is \"PostgreSQL\""));
}
