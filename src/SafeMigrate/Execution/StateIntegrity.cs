using System.Text.Json;
using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.Loading;
using SafeMigrate.State;

namespace SafeMigrate.Execution;

/// <summary>
/// What a command checks of SafeMigrate's state before it acts on any of it (unknown phases are refused where phases
/// are read, <see cref="MigrationPhases.ParseStored"/>): acting on state it cannot read could skip, repeat or undo the
/// wrong work, so each problem is refused (<see cref="InvalidStateException"/>, exit 1) before anything runs.
/// </summary>
internal static class StateIntegrity
{
    /// <summary>The phases of a migration whose release is not finished: its contract or rollback is still to run.</summary>
    public static bool IsInProgress(MigrationPhase phase) =>
        phase is MigrationPhase.Expanding or MigrationPhase.Expanded or MigrationPhase.Contracting or MigrationPhase.RollingBack;

    /// <summary>
    /// A migration in progress that <paramref name="migrations"/> lack: its contract or rollback needs its code. A
    /// contracted one is fine: histories are squashed and old migration classes deleted once they are applied everywhere.
    /// </summary>
    /// <exception cref="InvalidStateException">At least one.</exception>
    public static void ThrowIfInProgressAndMissing(IReadOnlyDictionary<long, MigrationPhase> phases, IReadOnlyList<MigrationUnit> migrations)
    {
        var known = migrations.Select(m => m.Version).ToHashSet();
        var missing = phases.Where(p => IsInProgress(p.Value) && !known.Contains(p.Key)).OrderBy(p => p.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidStateException(
                $"Migration(s) {string.Join(", ", missing.Select(p => $"{p.Key} ({p.Value.ToName()})"))} are in progress in this database " +
                "but not among the given migrations (deleted from the assembly, a different build, or left out by --tag), so nothing was run: " +
                "finishing or undoing them needs their code. Run contract or rollback with the assembly and tags that expanded them first; " +
                "'dotnet safe-migrate status' lists them.");
        }
    }

    /// <summary>The expand records and backfill checkpoints of the release's migrations in progress, each parsed as a resumed run would.</summary>
    /// <exception cref="InvalidStateException">One does not parse.</exception>
    public static async Task ThrowIfUnreadableAsync(
        IReleaseSession session, IReadOnlyList<MigrationUnit> release, IReadOnlyDictionary<long, MigrationPhase> phases, CancellationToken ct)
    {
        var inProgress = release.Select(m => m.Version).Where(v => phases.TryGetValue(v, out var phase) && IsInProgress(phase)).ToHashSet();
        if (inProgress.Count == 0)
        {
            return;
        }

        foreach (var version in inProgress.Order())
        {
            try
            {
                ExpandRecord.Parse(await session.ReadExpandRecordAsync(version, ct).ConfigureAwait(false));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
            {
                throw new InvalidStateException(
                    $"The expand record of migration {version} in safe_migrate.migration_state is not one SafeMigrate wrote ({(e is JsonException ? "not its JSON" : e.Message.TrimEnd('.'))}), " +
                    "so nothing was run: its undo and the schema answers its expand got are unknown. Use the SafeMigrate version that wrote it.", e);
            }
        }

        foreach (var (version, phase, index, checkpoint) in await session.ReadCheckpointsAsync(ct).ConfigureAwait(false))
        {
            if (!inProgress.Contains(version))
            {
                continue;
            }

            try
            {
                BackfillCheckpoint.Parse(checkpoint, $"migration {version}, {phase} step {index + 1}");
            }
            catch (InvalidInputException e)
            {
                throw new InvalidStateException(
                    $"The backfill checkpoint of migration {version}, {phase} step {index + 1} in safe_migrate.step_state is not one SafeMigrate wrote, " +
                    "so nothing was run: resuming from it could skip or repeat rows. Use the SafeMigrate version that wrote it, or clear it to restart " +
                    $"that backfill from its first row (UPDATE safe_migrate.step_state SET checkpoint = NULL WHERE version = {version} AND phase = '{phase}' AND step_index = {index}).",
                    e);
            }
        }
    }
}
