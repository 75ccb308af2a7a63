using SafeMigrate.Errors;
using SafeMigrate.Loading;
using SafeMigrate.State;
using Xunit;

namespace SafeMigrate.Tests.State;

public sealed class MigrationPhasesTests
{
    [Theory]
    [InlineData("pending", MigrationPhase.Pending)]
    [InlineData("expanding", MigrationPhase.Expanding)]
    [InlineData("expanded", MigrationPhase.Expanded)]
    [InlineData("contracting", MigrationPhase.Contracting)]
    [InlineData("contracted", MigrationPhase.Contracted)]
    [InlineData("rolling_back", MigrationPhase.RollingBack)]
    public void StoredNames_RoundTrip(string name, MigrationPhase phase)
    {
        Assert.True(MigrationPhases.TryParse(name, out var parsed));
        Assert.Equal(phase, parsed);
        Assert.Equal(name, phase.ToName());
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("unknown")]
    [InlineData("Expanded")]
    [InlineData("")]
    public void ParseStored_UnknownName_InvalidStateNamingVersionAndText(string name)
    {
        Assert.False(MigrationPhases.TryParse(name, out _));

        var refused = Assert.Throws<InvalidStateException>(() => MigrationPhases.ParseStored(42, name));

        Assert.StartsWith($"Migration 42 has phase '{name}' in safe_migrate.migration_state", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_UnknownPhase_KeptWithItsText_MissingOnesMarked()
    {
        var statuses = MigrationStatuses.Merge(
            [Descriptor(1, "one"), Descriptor(2, "two")],
            new Dictionary<long, string> { [1] = "one" },
            new Dictionary<long, (string, string)> { [2] = ("two", "halfway"), [3] = ("three", "expanded") });

        Assert.Equal(
            [
                new MigrationStatus(1, "one", MigrationPhase.Contracted),
                new MigrationStatus(2, "two", MigrationPhase.Unknown, StoredPhase: "halfway"),
                new MigrationStatus(3, "three", MigrationPhase.Expanded, InAssembly: false),
            ],
            statuses);
    }

    private static MigrationDescriptor Descriptor(long version, string description) =>
        new(version, description, global::FluentMigrator.TransactionBehavior.Default, [], "Migrations.M" + version, false);
}
