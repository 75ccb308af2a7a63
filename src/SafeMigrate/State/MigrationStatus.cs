namespace SafeMigrate.State;

/// <summary>One line of <c>status</c>: a migration and where it stands.</summary>
/// <param name="InAssembly">False for a version the database knows but the given assembly does not declare.</param>
/// <param name="StoredPhase">The text of the state row when <paramref name="Phase"/> is <see cref="MigrationPhase.Unknown"/>; null otherwise.</param>
public sealed record MigrationStatus(long Version, string Description, MigrationPhase Phase, bool InAssembly = true, string? StoredPhase = null);
