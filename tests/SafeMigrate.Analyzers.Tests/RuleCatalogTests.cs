using SafeMigrate.Rules;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SafeMigrate.Analyzers.Tests;

public class RuleCatalogTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    private static DiagnosticDescriptor Get(string id) => RuleCatalog.Descriptors.Single(d => d.Id == id);

    [Fact]
    public void Catalog_HasEveryRuleIdentifierConstant()
    {
        // The same file declares check's release-plan ids (SM5xxx), which no analyzer rule reports.
        var constants = typeof(RuleIdentifiers).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)
            .Where(id => !id.StartsWith("SM5", StringComparison.Ordinal)).OrderBy(x => x).ToList();
        Assert.Equal(constants, RuleCatalog.Descriptors.Select(d => d.Id).ToList());
        Assert.Equal(constants.Count, constants.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_IdMatchesCategoryScheme(string id)
    {
        var expected = id[2] switch
        {
            '1' => "Compatibility",
            '2' => "Locking",
            '3' => "Data",
            '4' => "RawSql",
            _ => "unknown",
        };
        Assert.Matches(new Regex("^SM[1-4][0-9]{3}$"), id);
        Assert.Equal(expected, Get(id).Category);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void HelpLink_PointsToExistingDocPage(string id)
    {
        var descriptor = Get(id);
        Assert.Equal($"https://github.com/safemigrate/safemigrate/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        var page = Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DocPage_HasTitleAndRequiredSections(string id)
    {
        var text = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md"));
        Assert.StartsWith($"# {id}: {Get(id).Title}\n", text);
        foreach (var section in new[] { "## Why", "## Non-compliant code", "## Compliant code", "## What the SafeMigrate runner does", "## Configuration", "## How to suppress" })
        {
            Assert.Contains(section, text);
        }

        Assert.Contains($"dotnet_diagnostic.{id}.severity", text);
        Assert.Contains($"| Category | {Get(id).Category} |", text);
    }

    [Fact]
    public void Readme_RulesTableMatchesDescriptors()
    {
        var readme = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "README.md")).Replace("\r\n", "\n");
        Assert.Equal(RuleCatalog.GenerateReadmeTable(), RuleCatalog.ReadReadmeTable(readme));
    }

    [Fact]
    public void ReleaseTracking_ListsEveryRuleWithCategoryAndSeverity()
    {
        var path = Path.Combine(RuleCatalog.RepositoryRoot, "analyzers", "SafeMigrate.Analyzers", "AnalyzerReleases.Unshipped.md");
        var rows = File.ReadAllLines(path)
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length >= 3 && c[0].StartsWith("SM", StringComparison.Ordinal))
            .ToDictionary(c => c[0], c => (Category: c[1], Severity: c[2]));
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            Assert.True(rows.TryGetValue(descriptor.Id, out var row), descriptor.Id + " is not tracked");
            Assert.Equal(descriptor.Category, row.Category);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row.Severity);
        }

        Assert.Equal(RuleCatalog.Descriptors.Count, rows.Count);
    }
}
