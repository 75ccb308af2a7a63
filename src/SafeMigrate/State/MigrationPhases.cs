using SafeMigrate.Errors;

namespace SafeMigrate.State;

/// <summary>The names of phases as stored in the database and printed by <c>status --format json</c>.</summary>
public static class MigrationPhases
{
    private static readonly MigrationPhase[] Stored =
        [MigrationPhase.Pending, MigrationPhase.Expanding, MigrationPhase.Expanded, MigrationPhase.Contracting, MigrationPhase.Contracted, MigrationPhase.RollingBack];

    public static string ToName(this MigrationPhase phase) => phase switch
    {
        MigrationPhase.Pending => "pending",
        MigrationPhase.Expanding => "expanding",
        MigrationPhase.Expanded => "expanded",
        MigrationPhase.Contracting => "contracting",
        MigrationPhase.Contracted => "contracted",
        MigrationPhase.RollingBack => "rolling_back",
        MigrationPhase.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    /// <exception cref="FormatException">Not the name of a phase SafeMigrate stores.</exception>
    public static MigrationPhase Parse(string name) =>
        TryParse(name, out var phase) ? phase : throw new FormatException($"Unknown migration phase '{name}' in safe_migrate.migration_state.");

    /// <summary>One of the names SafeMigrate stores; "unknown" is not one of them.</summary>
    public static bool TryParse(string name, out MigrationPhase phase)
    {
        phase = Stored.FirstOrDefault(p => p.ToName() == name, MigrationPhase.Unknown);
        return phase != MigrationPhase.Unknown;
    }

    /// <summary>The phase a state row of <paramref name="version"/> holds, for a command about to act on it.</summary>
    /// <exception cref="InvalidStateException">A phase this version does not know: acting on it could undo or skip work.</exception>
    internal static MigrationPhase ParseStored(long version, string name) =>
        TryParse(name, out var phase)
            ? phase
            : throw new InvalidStateException(
                $"Migration {version} has phase '{name}' in safe_migrate.migration_state, which this version of SafeMigrate does not know " +
                $"(written by a newer version, or by hand), so nothing was run. Use the SafeMigrate version that wrote it, or correct the row " +
                $"(one of {string.Join(", ", Stored.Select(p => p.ToName()))}); 'dotnet safe-migrate status' shows it.");
}
