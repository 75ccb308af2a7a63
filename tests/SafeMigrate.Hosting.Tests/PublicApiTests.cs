using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Hosting.Tests;

/// <summary>
/// The hosting package's public API is deliberate: the registration, its options and the health check's registration;
/// the hosted services, the readiness rule and the heartbeat are internal. Listed in <c>src/SafeMigrate.Hosting/PublicAPI.txt</c>;
/// regenerate with <c>SAFEMIGRATE_UPDATE_GOLDEN=1</c> after an intended change.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheApprovedFile()
    {
        var difference = PublicApiListing.Compare(typeof(SafeMigrateHostingOptions).Assembly, RepositoryLayout.PathOf("src/SafeMigrate.Hosting/PublicAPI.txt"));
        Assert.True(difference is null, difference);
    }

    [Fact]
    public void PublicApi_IsTheRegistrationAndItsOptionsOnly()
    {
        Assert.Equal(
            ["SafeMigrateHealthChecksBuilderExtensions", "SafeMigrateHostingOptions", "SafeMigrateServiceCollectionExtensions"],
            typeof(SafeMigrateHostingOptions).Assembly.GetExportedTypes().Select(t => t.Name).Order(StringComparer.Ordinal));
    }
}
