namespace SafeMigrate.State;

/// <summary>What one heartbeat of a running app instance records (see <see cref="AppInstance"/>).</summary>
/// <param name="Expiry">How long the beat counts: an instance that stops beating (killed, frozen) stops counting after it.</param>
internal sealed record AppInstanceBeat(string InstanceId, string AppVersion, long NewestMigration, string HostName, TimeSpan Expiry);
