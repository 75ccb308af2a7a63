using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeMigrate.Analyzers.Tests.Infrastructure;

namespace SafeMigrate.Analyzers.Tests.Accuracy;

/// <summary>Compiles one corpus case as its own migrations project (with the shared files) and runs the whole analyzer on it.</summary>
internal static class CorpusRunner
{
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> References =
        new(() => TestReferences.WithFluentMigrator.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(CorpusCase corpusCase, IReadOnlyList<(string Path, string Source)> shared, string provider)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = shared
            .Select(s => CSharpSyntaxTree.ParseText(s.Source, parseOptions, s.Path))
            .Append(CSharpSyntaxTree.ParseText(corpusCase.Source, parseOptions, corpusCase.Path))
            .Append(CSharpSyntaxTree.ParseText("global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\n", parseOptions, "GlobalUsings.g.cs"));
        var compilation = CSharpCompilation.Create(
            corpusCase.Name,
            trees,
            await References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new CorpusCompilationException($"{corpusCase.Name} does not compile: {string.Join("; ", errors.Take(3))}");
        }

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new BuildPropertyOptions(provider));
        return await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new MigrationSafetyAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>What the package's build props give the analyzer: build_property.SafeMigrateProvider.</summary>
    private sealed class BuildPropertyOptions(string provider) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global = new(provider);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(string? provider) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(null);

            public override bool TryGetValue(string key, out string value)
            {
                if (provider != null && key == "build_property.SafeMigrateProvider")
                {
                    value = provider;
                    return true;
                }

                value = string.Empty;
                return false;
            }
        }
    }
}

/// <summary>A corpus file that is not valid C# against FluentMigrator 8.0.1: the corpus itself is wrong.</summary>
public sealed class CorpusCompilationException(string message) : Exception(message);
