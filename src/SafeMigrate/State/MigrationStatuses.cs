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
    /// <param name="states"><c>safe_migrate.migration_state</c>: version → description and phase as stored (an unknown one is shown as such).</param>
    public static IReadOnlyList<MigrationStatus> Merge(
        IReadOnlyList<MigrationDescriptor>? migrations,
        IReadOnlyDictionary<long, string> applied,
        IReadOnlyDictionary<long, (string Description, string Phase)> states)
    {
        var known = migrations?.ToDictionary(m => m.Version, m => m.Description) ?? [];
        var versions = known.Keys.Concat(applied.Keys).Concat(states.Keys).Distinct().Order();
        return versions.Select(version =>
        {
            var description = known.GetValueOrDefault(version)
                ?? (states.TryGetValue(version, out var s) ? s.Description : null)
                ?? applied.GetValueOrDefault(version)
                ?? string.Empty;
            var stored = states.TryGetValue(version, out var state) ? state.Phase : null;
            var phase = stored is not null ? (MigrationPhases.TryParse(stored, out var parsed) ? parsed : MigrationPhase.Unknown)
                : applied.ContainsKey(version) ? MigrationPhase.Contracted
                : MigrationPhase.Pending;
            return new MigrationStatus(
                version, description, phase, migrations is null || known.ContainsKey(version), phase == MigrationPhase.Unknown ? stored : null);
        }).ToList();
    }
}
