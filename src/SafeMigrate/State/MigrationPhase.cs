namespace SafeMigrate.State;

/// <summary>Where a migration stands in the release flow; stored in <c>safe_migrate.migration_state.phase</c>.</summary>
public enum MigrationPhase
{
    /// <summary>Not started: neither expanded nor applied by plain FluentMigrator.</summary>
    Pending,

    /// <summary>Expand began and has not finished (a run stopped or failed half-way; the same command resumes).</summary>
    Expanding,

    /// <summary>Expand finished: both app versions work; VersionInfo lists the migration.</summary>
    Expanded,

    /// <summary>Contract began and has not finished.</summary>
    Contracting,

    /// <summary>Fully applied: contracted by SafeMigrate, or applied by plain FluentMigrator.</summary>
    Contracted,

    /// <summary>Rollback of the expand began and has not finished.</summary>
    RollingBack,

    /// <summary>
    /// A phase this version of SafeMigrate does not know (written by a newer version, or by hand): only <c>status</c>
    /// reports it (<see cref="MigrationStatus.StoredPhase"/> holds the text); every other command refuses to run.
    /// </summary>
    Unknown,
}
