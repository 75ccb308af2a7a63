namespace SafeMigrate.State;

/// <summary>
/// The statements of one provider that keep the heartbeats of running app instances (<c>safe_migrate.app_instances</c>),
/// with the named parameters <c>@instance</c>, <c>@app_version</c>, <c>@newest</c>, <c>@host</c> and <c>@expiry_ms</c>.
/// Times are the database's clock, so instances whose clocks disagree still agree on who is alive.
/// </summary>
internal sealed record HeartbeatSql
{
    /// <summary>
    /// Creates the table when it is missing, and lets every login use it (the app's own login writes its heartbeat; no
    /// superuser, and no grant by hand). Guarded, so it changes nothing when the table exists.
    /// </summary>
    public required string Create { get; init; }

    /// <summary>1 when the table exists: an app login that may not create it still beats once it does.</summary>
    public required string Exists { get; init; }

    /// <summary>Upsert of one instance's beat (@instance, @app_version, @newest, @host, @expiry_ms): last seen now, alive for @expiry_ms.</summary>
    public required string Beat { get; init; }

    /// <summary>Removes @instance's row: a clean stop stops counting at once.</summary>
    public required string Leave { get; init; }

    /// <summary>Rows whose beat expired a day ago or more: an instance killed without a clean stop leaves one.</summary>
    public required string Prune { get; init; }

    /// <summary>instance_id, app_version, newest_migration, host_name, started_at, last_seen of every instance whose beat has not expired, oldest migration first.</summary>
    public required string ReadLive { get; init; }
}
