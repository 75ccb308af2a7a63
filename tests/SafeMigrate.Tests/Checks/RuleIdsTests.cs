using System.Reflection;
using System.Text.RegularExpressions;
using SafeMigrate.Checks;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Rules;

namespace SafeMigrate.Tests.Checks;

/// <summary>
/// Rule ids are declared once (src/SafeMigrate.Shared/RuleIdentifiers.cs, compiled into this library and the analyzer),
/// each has its page, and the ids check reports are in step with the rule pages and docs/checks.md.
/// </summary>
public partial class RuleIdsTests
{
    private const string SharedFile = "src/SafeMigrate.Shared/RuleIdentifiers.cs";

    private static IReadOnlyList<string> AllIds { get; } = typeof(RuleIdentifiers)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    private static IReadOnlyDictionary<string, string> CheckIds { get; } = typeof(RuleIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void EveryIdString_AppearsOnceInTheProductSource_InTheSharedFile()
    {
        var literals = new[] { "src", "analyzers" }
            .SelectMany(folder => Directory.EnumerateFiles(RepositoryLayout.PathOf(folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(path => IdLiteral().Matches(File.ReadAllText(path)).Select(m => (Id: m.Groups["id"].Value, File: Path.GetRelativePath(RepositoryLayout.Root, path).Replace('\\', '/'))))
            .ToList();

        Assert.NotEmpty(literals);
        Assert.Empty(literals.Where(l => l.File != SharedFile).Select(l => $"{l.Id} in {l.File}"));
        Assert.Empty(literals.GroupBy(l => l.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(AllIds.Order(), literals.Select(l => l.Id).Order());
    }

    [Fact]
    public void EveryId_HasItsRulePage()
    {
        Assert.NotEmpty(AllIds);
        foreach (var id in AllIds)
        {
            var page = RepositoryLayout.PathOf($"docs/rules/{id}.md");
            Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing.");
            Assert.StartsWith($"# {id}: ", File.ReadLines(page).First(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryId_IsInTheCatalogueWithAPageAndAHelpLinkToIt()
    {
        Assert.Equal(CheckIds.Values.Order(), CheckRules.All.Select(r => r.Id).Order());
        foreach (var rule in CheckRules.All)
        {
            var page = RepositoryLayout.PathOf($"docs/rules/{rule.Id}.md");
            Assert.True(File.Exists(page), $"docs/rules/{rule.Id}.md is missing.");
            Assert.Equal($"https://github.com/safemigrate/safemigrate/blob/main/docs/rules/{rule.Id}.md", rule.HelpUri);
            var title = File.ReadLines(page).First();
            Assert.Equal($"# {rule.Id}: {rule.Title}", title);
        }
    }

    [Fact]
    public void ChecksPage_ListsEveryIdWithItsSeverity()
    {
        var page = File.ReadAllText(RepositoryLayout.PathOf("docs/checks.md"));
        foreach (var rule in CheckRules.All)
        {
            var severity = rule.DefaultSeverity.ToString().ToLowerInvariant();
            Assert.Matches(new Regex($@"^\| \[{rule.Id}\]\(rules/{rule.Id}\.md\) \| {Regex.Escape(rule.Title)} \| {severity} \|", RegexOptions.Multiline), page);
        }
    }

    /// <summary>An id written as a C# string literal, "SM1234".</summary>
    [GeneratedRegex(@"""(?<id>SM\d{4})""")]
    private static partial Regex IdLiteral();
}
