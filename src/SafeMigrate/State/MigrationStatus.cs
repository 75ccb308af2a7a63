namespace SafeMigrate.State;

/// <summary>One line of <c>status</c>: a migration and where it stands.</summary>
/// <param name="InAssembly">False for a version the database knows but the given assembly does not declare.</param>
public sealed record MigrationStatus(long Version, string Description, MigrationPhase Phase, bool InAssembly = true);
