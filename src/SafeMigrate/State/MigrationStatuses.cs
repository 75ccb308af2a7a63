using SafeMigrate.Loading;

namespace SafeMigrate.State;

/// <summary>
/// Where each migration stands, from what any server stores: SafeMigrate's own state where it has any, otherwise
/// FluentMigrator's <c>VersionInfo</c> (a version there without SafeMigrate state was applied by plain FluentMigrator,
/// so it counts as fully applied), otherwise pending.
/// </summary>
internal static class MigrationStatuses
{
    /// <param name="migrations">The assembly's migrations, or null to list only what the database knows.</param>
    /// <param name="applied">VersionInfo: version → description.</param>
    /// <param name="states"><c>safe_migrate.migration_state</c>: version → description and phase.</param>
    public static IReadOnlyList<MigrationStatus> Merge(
        IReadOnlyList<MigrationDescriptor>? migrations,
        IReadOnlyDictionary<long, string> applied,
        IReadOnlyDictionary<long, (string Description, MigrationPhase Phase)> states)
    {
        var known = migrations?.ToDictionary(m => m.Version, m => m.Description) ?? [];
        var versions = known.Keys.Concat(applied.Keys).Concat(states.Keys).Distinct().Order();
        return versions.Select(version =>
        {
            var description = known.GetValueOrDefault(version)
                ?? (states.TryGetValue(version, out var s) ? s.Description : null)
                ?? applied.GetValueOrDefault(version)
                ?? string.Empty;
            var phase = states.TryGetValue(version, out var state) ? state.Phase
                : applied.ContainsKey(version) ? MigrationPhase.Contracted
                : MigrationPhase.Pending;
            return new MigrationStatus(version, description, phase, migrations is null || known.ContainsKey(version));
        }).ToList();
    }
}
