using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SafeMigrate.Analyzers.Tests.Infrastructure;

namespace SafeMigrate.Analyzers.Tests.Accuracy;

/// <summary>
/// One file of the accuracy corpus (tests/SafeMigrate.Analyzers.Tests/Corpus/&lt;Provider&gt;/*.cs): the source of one or
/// more migrations and, on its first line, the rule ids a reviewer expects: <c>// expect: SM1001, SM2001</c> or
/// <c>// expect: none</c>. The folder says which database the migrations project targets (its SafeMigrateProvider).
/// </summary>
public sealed record CorpusCase(string Name, string Path, string Source, ImmutableHashSet<string> Expected)
{
    private static readonly Regex Header = new(@"^// expect: (none|SM\d{4}(, SM\d{4})*)\s*$");

    public static string CorpusDirectory => System.IO.Path.Combine(RuleCatalog.RepositoryRoot, "tests", "SafeMigrate.Analyzers.Tests", "Corpus");

    public static IReadOnlyList<CorpusCase> Load(string folder)
    {
        return Directory.GetFiles(System.IO.Path.Combine(CorpusDirectory, folder), "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(Parse)
            .ToList();
    }

    /// <summary>Base classes and helpers of the projects, compiled with every case (they hold no migration).</summary>
    public static IReadOnlyList<(string Path, string Source)> LoadShared()
    {
        return Directory.GetFiles(System.IO.Path.Combine(CorpusDirectory, "Shared"), "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)))
            .ToList();
    }

    private static CorpusCase Parse(string path)
    {
        var source = File.ReadAllText(path).Replace("\r\n", "\n");
        var firstLine = source.Split('\n', 2)[0];
        var match = Header.Match(firstLine);
        if (!match.Success)
        {
            throw new InvalidDataException($"{path}: the first line must be '// expect: none' or '// expect: SM1001, SM2001', not '{firstLine}'");
        }

        var expected = match.Groups[1].Value == "none"
            ? ImmutableHashSet<string>.Empty
            : match.Groups[1].Value.Split(", ").ToImmutableHashSet();
        return new CorpusCase(System.IO.Path.GetFileNameWithoutExtension(path), path, source, expected);
    }
}
