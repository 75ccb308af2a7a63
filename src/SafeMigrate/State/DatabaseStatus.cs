namespace SafeMigrate.State;

/// <summary>What <c>status</c> shows of one database.</summary>
/// <param name="Migrations">Each migration's phase, in version order.</param>
/// <param name="UnprovedNotNulls">
/// PostgreSQL 18: columns whose NOT NULL constraint is still NOT VALID (new rows are checked, existing rows are not
/// proved; contract validates them), as <c>schema.table.column (constraint)</c>. Empty on other servers.
/// </param>
public sealed record DatabaseStatus(IReadOnlyList<MigrationStatus> Migrations, IReadOnlyList<string> UnprovedNotNulls)
{
    /// <summary>The app instances whose heartbeat (SafeMigrate.Hosting) has not expired, oldest migration first.</summary>
    public IReadOnlyList<AppInstance> Instances { get; init; } = [];

    /// <summary>The pause standing against this database (<c>dotnet safe-migrate pause</c>), or null.</summary>
    public RunPause? Pause { get; init; }

    /// <summary>The release running against this database now, or the last one that stopped before finishing; null when none.</summary>
    public RunProgress? Run { get; init; }
}
