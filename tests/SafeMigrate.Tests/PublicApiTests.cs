using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests;

/// <summary>
/// The library's public API is deliberate: every public type and member is listed in <c>src/SafeMigrate/PublicAPI.txt</c>,
/// and this test fails when the assembly and the file disagree (a type made public by accident, a member removed).
/// Internal is the default. After an intended change, regenerate the file with <c>SAFEMIGRATE_UPDATE_GOLDEN=1</c> and
/// review its diff.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly string ApprovedFile = RepositoryLayout.PathOf("src/SafeMigrate/PublicAPI.txt");

    [Fact]
    public void PublicApi_MatchesTheApprovedFile()
    {
        var difference = PublicApiListing.Compare(typeof(SafeMigrator).Assembly, ApprovedFile);
        Assert.True(difference is null, difference);
    }

    [Fact]
    public void PublicApi_KeepsTheEngineInternal()
    {
        var publicTypes = typeof(SafeMigrator).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet();

        // The front door and its data are public; the engine, providers and dialects are not.
        Assert.Contains("SafeMigrator", publicTypes);
        Assert.Contains("SafeMigratorOptions", publicTypes);
        Assert.Contains("ReleasePlan", publicTypes);
        Assert.Contains("Step", publicTypes);
        Assert.All(
            new[] { "StepRunner", "RetryPolicy", "BackfillDriver", "StateStore", "ReleasePlanner", "PostgresDialect", "SqlServerDialect", "PostgresBackfillSql", "ReleaseSession" },
            name => Assert.DoesNotContain(name, publicTypes));
    }
}
