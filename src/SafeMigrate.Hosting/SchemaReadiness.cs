using SafeMigrate.State;

namespace SafeMigrate.Hosting;

/// <summary>
/// Whether the database's schema serves this app version: every migration it knows is at least expanded, and no
/// migration it does not know has been contracted (contract removes what only the versions before that migration
/// needed, so an instance older than it may be broken).
/// </summary>
/// <param name="Ready">True when this version can serve.</param>
/// <param name="Reason">One sentence: why not, or what it found.</param>
/// <param name="Behind">Not ready because a migration of this version is not expanded (an expand helps); false when the schema is ahead of it.</param>
internal sealed record SchemaReadiness(bool Ready, string Reason, bool Behind = false)
{
    /// <param name="database">Every migration the database knows and its phase.</param>
    /// <param name="known">This version's migrations.</param>
    /// <param name="newestKnown">The newest of them.</param>
    public static SchemaReadiness Of(IReadOnlyList<MigrationStatus> database, IReadOnlySet<long> known, long newestKnown)
    {
        var phases = database.ToDictionary(m => m.Version, m => m.Phase);
        var behind = known.Order()
            .Where(v => phases.GetValueOrDefault(v, MigrationPhase.Pending) is not (MigrationPhase.Expanded or MigrationPhase.Contracting or MigrationPhase.Contracted))
            .ToList();
        if (behind.Count > 0)
        {
            var first = behind[0];
            return new(false,
                $"the schema is behind this version: migration {first} is {MigrationPhases.ToName(phases.GetValueOrDefault(first, MigrationPhase.Pending)).Replace('_', ' ')}" +
                (behind.Count > 1 ? $" ({behind.Count - 1} more not expanded)" : "") + "; expand it first", Behind: true);
        }

        var contractedAhead = database
            .Where(m => m.Version > newestKnown && !known.Contains(m.Version) && m.Phase is MigrationPhase.Contracting or MigrationPhase.Contracted)
            .Select(m => m.Version)
            .ToList();
        if (contractedAhead.Count > 0)
        {
            return new(false,
                $"migration {contractedAhead[0]}, newer than this version (its newest is {newestKnown}), is contracted: what this version needs may be gone; this instance should be replaced by the new version");
        }

        return new(true, known.Count == 0 ? "this version declares no migration" : $"every migration up to {newestKnown} is expanded");
    }
}
