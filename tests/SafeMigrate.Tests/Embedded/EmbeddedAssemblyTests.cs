using SafeMigrate.Embedded;
using SafeMigrate.Execution;
using Xunit;

namespace SafeMigrate.Tests.Embedded;

/// <summary>The throwaway PostgreSQL is its own assembly (SafeMigrate.Embedded): an application that references the runner does not carry it.</summary>
public class EmbeddedAssemblyTests
{
    [Fact]
    public void ThrowawayPostgres_LivesInItsOwnAssembly_AndTheLibraryNeitherHoldsNorReferencesIt()
    {
        Assert.Equal("SafeMigrate.Embedded", typeof(ThrowawayPostgres).Assembly.GetName().Name);

        var library = typeof(SafeMigrator).Assembly;
        Assert.DoesNotContain(library.GetTypes(), type => type.Namespace?.StartsWith("SafeMigrate.Embedded", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(library.GetReferencedAssemblies(), reference => reference.Name == "SafeMigrate.Embedded");
    }
}
