namespace SafeMigrate.State;

/// <summary>The names of phases as stored in the database and printed by <c>status --format json</c>.</summary>
public static class MigrationPhases
{
    public static string ToName(this MigrationPhase phase) => phase switch
    {
        MigrationPhase.Pending => "pending",
        MigrationPhase.Expanding => "expanding",
        MigrationPhase.Expanded => "expanded",
        MigrationPhase.Contracting => "contracting",
        MigrationPhase.Contracted => "contracted",
        MigrationPhase.RollingBack => "rolling_back",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    public static MigrationPhase Parse(string name) => name switch
    {
        "pending" => MigrationPhase.Pending,
        "expanding" => MigrationPhase.Expanding,
        "expanded" => MigrationPhase.Expanded,
        "contracting" => MigrationPhase.Contracting,
        "contracted" => MigrationPhase.Contracted,
        "rolling_back" => MigrationPhase.RollingBack,
        _ => throw new FormatException($"Unknown migration phase '{name}' in safe_migrate.migration_state."),
    };
}
