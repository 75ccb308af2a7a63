using FluentMigrator;

namespace SafeMigrate.Loading;

/// <summary>What SafeMigrate knows of one migration before it looks at its expressions.</summary>
/// <param name="Version">The version of its <c>[Migration]</c> attribute.</param>
/// <param name="Description">The attribute's description, or the class name when none was given.</param>
/// <param name="TransactionBehavior">
/// <see cref="TransactionBehavior.None"/> when the author opted out of the per-migration transaction
/// (required for <c>CREATE INDEX CONCURRENTLY</c>).
/// </param>
/// <param name="Tags">The names of its <c>[Tags]</c> attributes, in declaration order.</param>
/// <param name="TypeName">The full name of the migration class.</param>
/// <param name="IsBreakingChange">The attribute's <c>BreakingChange</c> flag.</param>
public sealed record MigrationDescriptor(
    long Version,
    string Description,
    TransactionBehavior TransactionBehavior,
    IReadOnlyList<string> Tags,
    string TypeName,
    bool IsBreakingChange);
