namespace SafeMigrate.State;

/// <summary>
/// A pause of the release running against a database (<c>dotnet safe-migrate pause</c>): while it stands, the run waits
/// before its next backfill batch or step, holding no lock, and goes on where it stopped after <c>resume</c>.
/// </summary>
/// <param name="Reason">Why, as given to <c>pause --reason</c> (empty when none was given).</param>
/// <param name="PausedBy">The user and machine that paused it (<c>user@host</c>).</param>
/// <param name="PausedAt">When, by the database's clock.</param>
public sealed record RunPause(string Reason, string PausedBy, DateTimeOffset PausedAt);
