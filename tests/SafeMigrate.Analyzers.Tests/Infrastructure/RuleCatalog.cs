using SafeMigrate.Rules;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeMigrate.Analyzers.Tests.Infrastructure;

/// <summary>Every descriptor the analyzer assembly ships, and the README rules table generated from them.</summary>
public static class RuleCatalog
{
    /// <summary>What the analyzers of the assembly declare (not the rule list itself), as the compiler sees them.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = typeof(RuleIdentifiers).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsPublic && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SafeMigrate.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Repository root (SafeMigrate.sln) not found above " + AppContext.BaseDirectory);
        }
    }

    public const string StartMarker = "<!-- rules:start -->";
    public const string EndMarker = "<!-- rules:end -->";

    /// <summary>The README rules table: id (linked to its page), title, category, default severity.</summary>
    public static string GenerateReadmeTable()
    {
        var builder = new StringBuilder();
        builder.Append("| Id | Title | Category | Default severity |\n");
        builder.Append("|---|---|---|---|\n");
        foreach (var descriptor in Descriptors)
        {
            builder.Append($"| [{descriptor.Id}](docs/rules/{descriptor.Id}.md) | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} |\n");
        }

        return builder.ToString();
    }

    /// <summary>The text between the markers in README.md, without the surrounding line breaks.</summary>
    public static string ReadReadmeTable(string readme)
    {
        var start = readme.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException("README.md has no rules markers.");
        }

        return readme.Substring(start + StartMarker.Length, end - start - StartMarker.Length).Trim('\n', '\r') + "\n";
    }
}
