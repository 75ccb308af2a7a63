namespace SafeMigrate.Planning;

/// <summary>The steps of one migration: those of expand, of contract, and those that undo its expand.</summary>
public sealed record PlannedMigration(
    long Version,
    string Description,
    IReadOnlyList<Step> Expand,
    IReadOnlyList<Step> Contract,
    IReadOnlyList<Step> Rollback);
