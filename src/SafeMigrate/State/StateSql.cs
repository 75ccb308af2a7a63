namespace SafeMigrate.State;

/// <summary>
/// The statements of one provider that keep SafeMigrate's state (schema <c>safe_migrate</c>) and FluentMigrator's
/// <c>VersionInfo</c>. Every provider writes them for the same tables and the same named parameters (<c>@version</c>,
/// <c>@description</c>, <c>@phase</c>, <c>@index</c>, <c>@status</c>, <c>@checkpoint</c>, <c>@record</c>), so that one
/// <see cref="StateStore"/> runs them and both providers keep state, checkpoints and versions alike.
/// </summary>
/// <remarks>
/// Existence checks and flags answer 1 or 0; reads answer the columns in the order documented on each property.
/// </remarks>
internal sealed record StateSql
{
    /// <summary>Idempotent DDL, safe at the start of every command that changes the database.</summary>
    public required string Create { get; init; }

    /// <summary>1 when the state tables exist: commands that only read (plan, status) create nothing.</summary>
    public required string StateExists { get; init; }

    /// <summary>version, phase.</summary>
    public required string ReadPhases { get; init; }

    /// <summary>version, description, phase.</summary>
    public required string ReadStates { get; init; }

    /// <summary>Upsert of one migration's phase (@version, @description, @phase).</summary>
    public required string SetPhase { get; init; }

    /// <summary>Marks a migration expanding (@version, @description) and records its undo (@record) in one batch.</summary>
    public required string BeginExpand { get; init; }

    /// <summary>expand_record of @version.</summary>
    public required string ReadExpandRecord { get; init; }

    /// <summary>step_index of every step of (@version, @phase) started or finished.</summary>
    public required string ReadStartedSteps { get; init; }

    /// <summary>Forgets @version's steps and phase: it is pending again and a new expand starts from its first step.</summary>
    public required string Forget { get; init; }

    /// <summary>1 when step (@version, @phase, @index) is done, 0 or no row otherwise.</summary>
    public required string IsDone { get; init; }

    /// <summary>Upsert of a step's status (@version, @phase, @index, @description, @status).</summary>
    public required string MarkStep { get; init; }

    /// <summary>Upsert of a backfill checkpoint (@version, @phase, @index, @description, @checkpoint), status running.</summary>
    public required string SaveCheckpoint { get; init; }

    /// <summary>checkpoint of step (@version, @phase, @index).</summary>
    public required string LoadCheckpoint { get; init; }

    /// <summary>version, phase, step_index, checkpoint of every running step that has a checkpoint (a done step's is never read again).</summary>
    public required string ReadCheckpoints { get; init; }

    /// <summary>1 when FluentMigrator's version table exists (a database never migrated has none).</summary>
    public required string VersionInfoExists { get; init; }

    /// <summary>Version, Description (empty when null).</summary>
    public required string ReadVersionInfo { get; init; }

    /// <summary>Creates the version table when missing, as FluentMigrator's own version migrations do, and records @version (@description).</summary>
    public required string InsertVersion { get; init; }

    /// <summary>Removes @version from the version table (run only when it exists).</summary>
    public required string DeleteVersion { get; init; }

    /// <summary>The heartbeats of running app instances, kept in the same schema.</summary>
    public required HeartbeatSql Heartbeats { get; init; }

    /// <summary>The pause of a running release (<c>pause</c> / <c>resume</c>), kept in the same schema.</summary>
    public required PauseSql Pauses { get; init; }

    /// <summary>The live progress of a running release (<c>status</c>), kept in the same schema.</summary>
    public required RunProgressSql Progress { get; init; }
}
