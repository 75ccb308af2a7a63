using System.Text.RegularExpressions;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests;

/// <summary>
/// The layering of the library, read from its source: drivers only in their provider folders, and no two namespaces
/// that need each other (a cycle means one of the types is in the wrong place). docs/architecture.md draws the layers.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Library = RepositoryLayout.PathOf("src/SafeMigrate");

    [Theory]
    [InlineData("Npgsql", "Providers/Postgres/")]
    [InlineData("Microsoft.Data.SqlClient", "Providers/SqlServer/")]
    public void Driver_IsReferencedOnlyInItsProviderFolder(string driverNamespace, string folder)
    {
        var outside = SourceFiles()
            .Where(f => Regex.IsMatch(f.Text, $@"^\s*using (static )?{Regex.Escape(driverNamespace)}\b|\b{Regex.Escape(driverNamespace)}\.\w", RegexOptions.Multiline))
            .Select(f => f.Path)
            .Where(p => !p.StartsWith(folder, StringComparison.Ordinal))
            .ToList();

        Assert.True(outside.Count == 0, $"{driverNamespace} outside {folder}: {string.Join(", ", outside)}");
        Assert.Contains(SourceFiles(), f => f.Path.StartsWith(folder, StringComparison.Ordinal) && f.Text.Contains("using " + driverNamespace, StringComparison.Ordinal));
    }

    [Fact]
    public void ProviderFolders_AreSymmetric()
    {
        static HashSet<string> Roles(string provider) => SourceFiles()
            .Where(f => f.Path.StartsWith($"Providers/{provider}/", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f.Path))
            .Where(n => n.StartsWith(provider, StringComparison.Ordinal))
            .Select(n => n[provider.Length..])
            .ToHashSet();

        // The files every provider has under the same name: what the engine asks of a provider.
        string[] required = ["Dialect", "Catalog", "StateSchema", "MigrationLock", "Connections", "Errors", "BackfillSql", "BackfillStatements", "ProviderSession", "ReleaseDatabase", "TargetReader"];
        Assert.Empty(required.Except(Roles("Postgres")));
        Assert.Empty(required.Except(Roles("SqlServer")));
    }

    [Fact]
    public void Namespaces_HaveNoCycles()
    {
        var files = SourceFiles().Select(f => (f.Path, Namespace: NamespaceOf(f.Text), f.Text)).Where(f => f.Namespace is not null).ToList();
        var declaredIn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, ns, text) in files)
        {
            foreach (Match m in TypeDeclaration().Matches(text))
            {
                declaredIn.TryAdd(m.Groups["name"].Value, ns!);
            }
        }

        var edges = files.GroupBy(f => f.Namespace!).ToDictionary(
            g => g.Key,
            g => g.SelectMany(f => References(Code(f.Text), declaredIn)).Where(n => n != g.Key).ToHashSet(),
            StringComparer.Ordinal);

        var cycle = FindCycle(edges);
        Assert.True(cycle is null, "Namespace cycle: " + string.Join(" -> ", cycle ?? []));
    }

    [Fact]
    public void CycleFinder_FindsACycle()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };

        Assert.NotNull(FindCycle(edges));
        edges["C"].Clear();
        Assert.Null(FindCycle(edges));
    }

    private static IEnumerable<string> References(string code, Dictionary<string, string> declaredIn) =>
        Identifier().Matches(code).Select(m => m.Value).Distinct().Where(declaredIn.ContainsKey).Select(t => declaredIn[t]);

    /// <summary>The code without using lines, comments and member accesses (<c>x.Operation</c> is not the type <c>Operation</c>).</summary>
    private static string Code(string text)
    {
        var code = Regex.Replace(text, @"^\s*using [^;]+;", string.Empty, RegexOptions.Multiline);
        code = Regex.Replace(code, @"//.*$", string.Empty, RegexOptions.Multiline);
        return Regex.Replace(code, @"\.\s*\w+", ".");
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.SkipWhile(n => n != next), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        return edges.Keys.Order(StringComparer.Ordinal).Where(n => state.GetValueOrDefault(n) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    private static string? NamespaceOf(string text) => FileNamespace().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    private static List<(string Path, string Text)> SourceFiles() =>
        Directory.EnumerateFiles(Library, "*.cs", SearchOption.AllDirectories)
            .Select(p => (Path: Path.GetRelativePath(Library, p).Replace('\\', '/'), p))
            .Where(f => !f.Path.StartsWith("obj/", StringComparison.Ordinal) && !f.Path.StartsWith("bin/", StringComparison.Ordinal))
            .Select(f => (f.Path, File.ReadAllText(f.p)))
            .ToList();

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^\s*(public|internal)\s+((sealed|static|abstract|partial|readonly)\s+)*(class|record|struct|interface|enum)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();
}
