using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SafeMigrate.Analyzers.Infrastructure;

namespace SafeMigrate.Analyzers.Tests.Infrastructure;

/// <summary>How the migrations project under test is set up.</summary>
public sealed record ProjectSetup(string? Provider = null, bool RunsUnderSafeMigrate = false, bool ReferenceFluentMigrator = true)
{
    public static readonly ProjectSetup Default = new();
    public static readonly ProjectSetup Postgres = new("postgres");
    public static readonly ProjectSetup SqlServer = new("sqlserver");
    public static readonly ProjectSetup Runner = new(RunsUnderSafeMigrate: true);
}

public static class TestReferences
{
    public static readonly ReferenceAssemblies WithFluentMigrator = ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("FluentMigrator", "8.0.1"),
        new PackageIdentity("FluentMigrator.Extensions.Postgres", "8.0.1"),
        new PackageIdentity("FluentMigrator.Extensions.SqlServer", "8.0.1")));

    public const string Usings = "using System;\nusing FluentMigrator;\nusing FluentMigrator.Postgres;\nusing FluentMigrator.SqlServer;\n\n";

    private static readonly Lazy<MetadataReference> SafeMigrateAssembly = new(() =>
    {
        // The runner is detected by an assembly named "SafeMigrate" among the references, whatever it contains.
        var compilation = CSharpCompilation.Create(
            "SafeMigrate",
            new[] { CSharpSyntaxTree.ParseText("namespace SafeMigrate { public static class Runner { } }") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Could not build the SafeMigrate stand-in assembly.");
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    });

    public static void Apply(SolutionState state, ProjectSetup setup)
    {
        if (setup.Provider != null)
        {
            state.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.SafeMigrateProvider = {setup.Provider}\n"));
        }

        if (setup.RunsUnderSafeMigrate)
        {
            state.AdditionalReferences.Add(SafeMigrateAssembly.Value);
        }
    }
}

/// <summary>
/// Runs <see cref="MigrationSafetyAnalyzer"/> with only <typeparamref name="TRule"/> enabled: each rule is tested through the
/// real dispatch (model built once, rules called in turn) without the other rules' diagnostics in the way.
/// </summary>
internal sealed class SingleRuleAnalyzerTest<TRule> : CSharpAnalyzerTest<MigrationSafetyAnalyzer, DefaultVerifier>
    where TRule : MigrationRule, new()
{
    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => new[] { SingleRule.Analyzer<TRule>() };
}

internal sealed class SingleRuleCodeFixTest<TRule, TCodeFix> : CSharpCodeFixTest<MigrationSafetyAnalyzer, TCodeFix, DefaultVerifier>
    where TRule : MigrationRule, new()
    where TCodeFix : CodeFixProvider, new()
{
    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => new[] { SingleRule.Analyzer<TRule>() };
}

internal static class SingleRule
{
    public static MigrationSafetyAnalyzer Analyzer<TRule>()
        where TRule : MigrationRule, new() => new(ImmutableArray.Create<MigrationRule>(new TRule()));
}

internal static class AnalyzerVerifier<TRule>
    where TRule : MigrationRule, new()
{
    public static DiagnosticResult Diagnostic(int location = 0, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
    {
        return new DiagnosticResult(new TRule().Descriptor).WithLocation(location).WithSeverity(severity);
    }

    /// <summary>Analyzes <paramref name="source"/> (FluentMigrator usings are prepended) and compares with its markup and <paramref name="expected"/>.</summary>
    public static Task VerifyAsync(string source, ProjectSetup? setup = null, params DiagnosticResult[] expected)
    {
        setup ??= ProjectSetup.Default;
        var test = new SingleRuleAnalyzerTest<TRule>
        {
            TestCode = (setup.ReferenceFluentMigrator ? TestReferences.Usings : string.Empty) + source,
            ReferenceAssemblies = setup.ReferenceFluentMigrator ? TestReferences.WithFluentMigrator : ReferenceAssemblies.Net.Net80,
        };
        TestReferences.Apply(test.TestState, setup);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

internal static class CodeFixVerifier<TRule, TCodeFix>
    where TRule : MigrationRule, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Applies the fix (the <paramref name="codeActionIndex"/>-th offered action) to every marked diagnostic and compares with <paramref name="fixedSource"/>.</summary>
    public static Task VerifyAsync(string source, string fixedSource, int codeActionIndex = 0, ProjectSetup? setup = null)
    {
        var test = new SingleRuleCodeFixTest<TRule, TCodeFix>
        {
            TestCode = TestReferences.Usings + source,
            FixedCode = TestReferences.Usings + fixedSource,
            ReferenceAssemblies = TestReferences.WithFluentMigrator,
            CodeActionIndex = codeActionIndex,
        };
        TestReferences.Apply(test.TestState, setup ?? ProjectSetup.Default);
        TestReferences.Apply(test.FixedState, setup ?? ProjectSetup.Default);
        return test.RunAsync();
    }

    public static Task VerifyWithoutUsingsAsync(string source, string fixedSource, int codeActionIndex = 0)
    {
        var test = new SingleRuleCodeFixTest<TRule, TCodeFix>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.WithFluentMigrator,
            CodeActionIndex = codeActionIndex,
        };
        return test.RunAsync();
    }
}
