using SafeMigrate.State;
using Xunit;

namespace SafeMigrate.Hosting.Tests;

public sealed class SchemaReadinessTests
{
    private static SchemaReadiness Of(long[] known, params (long Version, MigrationPhase Phase)[] database) =>
        SchemaReadiness.Of(database.Select(d => new MigrationStatus(d.Version, "m", d.Phase)).ToList(), known.ToHashSet(), known.Length == 0 ? 0 : known.Max());

    [Fact]
    public void EveryKnownMigrationExpandedOrFurther_IsReady()
    {
        var readiness = Of([1, 2, 3], (1, MigrationPhase.Contracted), (2, MigrationPhase.Contracting), (3, MigrationPhase.Expanded));

        Assert.True(readiness.Ready);
        Assert.Equal("every migration up to 3 is expanded", readiness.Reason);
    }

    [Theory]
    [InlineData(MigrationPhase.Pending, "the schema is behind this version: migration 2 is pending; expand it first")]
    [InlineData(MigrationPhase.Expanding, "the schema is behind this version: migration 2 is expanding; expand it first")]
    [InlineData(MigrationPhase.RollingBack, "the schema is behind this version: migration 2 is rolling back; expand it first")]
    public void AKnownMigrationNotExpanded_IsNotReady(MigrationPhase phase, string reason)
    {
        var readiness = Of([1, 2], (1, MigrationPhase.Contracted), (2, phase));

        Assert.False(readiness.Ready);
        Assert.Equal(reason, readiness.Reason);
    }

    [Fact]
    public void AKnownMigrationTheDatabaseHasNeverSeen_IsPending_AndTheRestAreCounted()
    {
        var readiness = Of([1, 2, 3], (1, MigrationPhase.Contracted));

        Assert.Equal("the schema is behind this version: migration 2 is pending (1 more not expanded); expand it first", readiness.Reason);
    }

    [Fact]
    public void ANewerMigrationExpandedOnly_KeepsTheOldVersionReady()
    {
        Assert.True(Of([1], (1, MigrationPhase.Contracted), (2, MigrationPhase.Expanded)).Ready);
    }

    [Theory]
    [InlineData(MigrationPhase.Contracting)]
    [InlineData(MigrationPhase.Contracted)]
    public void ANewerMigrationContracted_MakesTheOldVersionUnready(MigrationPhase phase)
    {
        var readiness = Of([1], (1, MigrationPhase.Contracted), (2, phase));

        Assert.False(readiness.Ready);
        Assert.StartsWith("migration 2, newer than this version (its newest is 1), is contracted", readiness.Reason, StringComparison.Ordinal);
    }
}
