using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

// Usage: AnalyzerCost.Profile PROJECT_DIR RUNS ANALYZER_DLL [ANALYZER_DLL ...] [--fresh-load]
// Compiles the project written by generate.py in process (Roslyn 4.8, one thread) and, per run and with a fresh
// compilation each time, times: emit; binding every Up() through the semantic model (the floor of any analysis that
// needs the operation tree); and each analyzer dll given, as reported by the analyzer driver. Each dll runs next to a
// no-op analyzer that asks for every method's operations, as the .NET SDK's own CA2252 analyzer does in every build:
// the binding of method bodies is then paid once by whichever analyzer comes first, as in a real build, and the
// SafeMigrate time reported is what it adds on top.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: AnalyzerCost.Profile PROJECT_DIR RUNS ANALYZER_DLL [ANALYZER_DLL ...]");
    return 2;
}

// --fresh-load loads each analyzer dll again (new load context, so its code is compiled by the JIT again) for every
// run, as a compiler process that does not keep analyzers between builds would.
var freshLoad = args.Contains("--fresh-load");
args = args.Where(a => a != "--fresh-load").ToArray();
var project = args[0];
var runs = int.Parse(args[1]);
var sources = Directory.GetFiles(Path.Combine(project, "Migrations"), "*.cs")
    .Concat(Directory.Exists(Path.Combine(project, "obj")) ? Directory.GetFiles(Path.Combine(project, "obj"), "*.GlobalUsings.g.cs", SearchOption.AllDirectories).Take(1) : [])
    .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest), path))
    .ToList();
var nuget = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
var references = new List<MetadataReference>();
foreach (var package in new[] { "fluentmigrator", "fluentmigrator.abstractions", "fluentmigrator.extensions.postgres", "fluentmigrator.extensions.sqlserver" })
{
    references.AddRange(Directory.GetFiles(Path.Combine(nuget, package, "8.0.1", "lib", "netstandard2.0"), "*.dll").Select(p => MetadataReference.CreateFromFile(p)));
}

var refPack = Directory.GetDirectories(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref")).Max()!;
references.AddRange(Directory.GetFiles(Path.Combine(refPack, "ref", "net10.0"), "*.dll").Select(p => MetadataReference.CreateFromFile(p)));

CSharpCompilation NewCompilation() => CSharpCompilation.Create(
    "AnalyzerCost",
    sources,
    references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));

var analyzerSets = args.Skip(2).Select(LoadAnalyzers).ToList();
var errors = NewCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
if (errors.Count > 0)
{
    Console.Error.WriteLine("the project does not compile: " + errors[0]);
    return 1;
}

var emit = new List<double>();
var bindUp = new List<double>();
var analyzerTimes = analyzerSets.Select(_ => new List<double>()).ToList();
var analyzerWall = analyzerSets.Select(_ => new List<double>()).ToList();
for (var run = 0; run <= runs; run++)
{
    var watch = Stopwatch.StartNew();
    NewCompilation().Emit(Stream.Null);
    var emitSeconds = watch.Elapsed.TotalSeconds;

    var compilation = NewCompilation();
    watch.Restart();
    foreach (var tree in compilation.SyntaxTrees)
    {
        var model = compilation.GetSemanticModel(tree);
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (method.Identifier.ValueText == "Up")
            {
                model.GetOperation(method);
            }
        }
    }

    var bindSeconds = watch.Elapsed.TotalSeconds;
    var line = $"run {run}{(run == 0 ? " (warm-up, not counted)" : string.Empty)}: emit {emitSeconds:F3}s, bind Up() {bindSeconds:F3}s";
    if (freshLoad)
    {
        analyzerSets = args.Skip(2).Select(LoadAnalyzers).ToList();
    }

    for (var i = 0; i < analyzerSets.Count; i++)
    {
        var binder = new OperationBlockBinder();
        var withAnalyzers = NewCompilation().WithAnalyzers(
            analyzerSets[i].Analyzers.Add(binder),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
        watch.Restart();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var wall = watch.Elapsed.TotalSeconds;
        var time = 0.0;
        foreach (var analyzer in analyzerSets[i].Analyzers)
        {
            time += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalSeconds;
        }

        var binderTime = (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(binder, CancellationToken.None)).ExecutionTime.TotalSeconds;
        line += $", {analyzerSets[i].Name}: {time:F3}s reported (binder {binderTime:F3}s), {wall:F3}s wall, {diagnostics.Length} diagnostics";
        if (run > 0)
        {
            analyzerTimes[i].Add(time);
            analyzerWall[i].Add(wall);
        }
    }

    if (run > 0)
    {
        emit.Add(emitSeconds);
        bindUp.Add(bindSeconds);
    }

    Console.WriteLine(line);
}

Console.WriteLine($"emit (single thread)       {Describe(emit)}");
Console.WriteLine($"bind every Up()            {Describe(bindUp)}");
for (var i = 0; i < analyzerSets.Count; i++)
{
    Console.WriteLine($"{analyzerSets[i].Name,-26} reported {Describe(analyzerTimes[i])}; wall {Describe(analyzerWall[i])}; " +
        $"wall / emit {analyzerWall[i].Average() / emit.Average() * 100:F1} %");
}

return 0;

static string Describe(List<double> values)
{
    var mean = values.Average();
    var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
    return $"{mean:F3} ± {sd:F3} s (min {values.Min():F3}, max {values.Max():F3}, n={values.Count})";
}

static (string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers) LoadAnalyzers(string path)
{
    // Each dll in its own load context, so that two builds of the same assembly can be compared; Roslyn itself is shared.
    var context = new AssemblyLoadContext(path + "#" + Guid.NewGuid(), isCollectible: false);
    var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
    var analyzers = assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsPublic && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();
    return (Path.GetFileName(Path.GetDirectoryName(path)) + "/" + analyzers.Length + " analyzers", analyzers);
}

/// <summary>Asks for the operations of every method body and does nothing with them.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class OperationBlockBinder : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationBlockAction(_ => { });
    }
}
