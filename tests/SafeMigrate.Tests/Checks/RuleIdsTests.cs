using System.Reflection;
using System.Text.RegularExpressions;
using SafeMigrate.Checks;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Checks;

/// <summary>The ids check reports stay in step with the analyzer's, the rule pages and docs/checks.md.</summary>
public partial class RuleIdsTests
{
    private static IReadOnlyDictionary<string, string> CheckIds { get; } = typeof(RuleIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    /// <summary>The analyzer's constants, read from its source (its project is not referenced here).</summary>
    private static IReadOnlyDictionary<string, string> AnalyzerIds { get; } = AnalyzerConstant()
        .Matches(File.ReadAllText(RepositoryLayout.PathOf("analyzers/SafeMigrate.Analyzers/RuleIdentifiers.cs")))
        .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["id"].Value);

    [Fact]
    public void SharedIds_HaveTheAnalyzersNameAndNumber()
    {
        var shared = CheckIds.Where(p => !p.Value.StartsWith("SM5", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(shared);
        Assert.NotEmpty(AnalyzerIds);
        foreach (var (name, id) in shared)
        {
            Assert.True(AnalyzerIds.TryGetValue(name, out var analyzerId), $"The analyzer has no rule named {name}.");
            Assert.Equal(analyzerId, id);
        }
    }

    [Fact]
    public void ReleasePlanIds_AreNotAnalyzerIds()
    {
        var own = CheckIds.Values.Where(id => id.StartsWith("SM5", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(own);
        Assert.Empty(own.Intersect(AnalyzerIds.Values));
        Assert.Equal(CheckIds.Count, CheckIds.Values.Distinct().Count());
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

    [GeneratedRegex(@"public const string (?<name>\w+) = ""(?<id>SM\d{4})""")]
    private static partial Regex AnalyzerConstant();
}
