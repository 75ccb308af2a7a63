using SafeMigrate.Rules;
using Xunit;

namespace SafeMigrate.Analyzers.Tests;

public class AnalyzerAssemblyTests
{
    [Fact]
    public void AnalyzerAssembly_DoesNotReferenceWorkspaces()
    {
        var references = typeof(RuleIdentifiers).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.DoesNotContain("Microsoft.CodeAnalysis.Workspaces", references);
        Assert.DoesNotContain("Microsoft.CodeAnalysis.CSharp.Workspaces", references);
    }
}
