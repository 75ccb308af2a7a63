namespace SafeMigrate.State;

/// <summary>
/// A running instance of the application, as its heartbeat in <c>safe_migrate.app_instances</c> describes it
/// (written by <c>SafeMigrate.Hosting</c>): which app version it is and the newest migration it was built with, so
/// that contract can wait until no instance older than the release is left.
/// </summary>
/// <param name="InstanceId">Unique per process start.</param>
/// <param name="AppVersion">The version the app says it is (free text).</param>
/// <param name="NewestMigration">The highest migration version the instance knows; an instance whose newest is below a migration being contracted is the old version.</param>
/// <param name="HostName">The machine (or container) it runs on.</param>
/// <param name="StartedAt">When the instance first beat, by the database's clock.</param>
/// <param name="LastSeen">Its latest beat, by the database's clock.</param>
public sealed record AppInstance(string InstanceId, string AppVersion, long NewestMigration, string HostName, DateTimeOffset StartedAt, DateTimeOffset LastSeen);
