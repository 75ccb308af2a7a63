namespace SafeMigrate.Cli;

/// <summary>
/// The exit codes of <c>dotnet safe-migrate</c>, as documented in docs/cli.md. "check found problems" and
/// "the tool failed" never share a code, so a pipeline can tell them apart.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done, or <c>check</c> found nothing blocking.</summary>
    public const int Success = 0;

    /// <summary>
    /// <c>check</c> found blocking hazards, or the command was refused for the database's state (e.g. contract before
    /// expand), including state it cannot act on (<see cref="Errors.InvalidStateException"/>: an unknown phase, an
    /// unreadable checkpoint, a migration in progress that the assembly lacks).
    /// </summary>
    public const int Refused = 1;

    /// <summary>Bad usage or input: missing or invalid assembly, no migrations, malformed connection string, unknown provider.</summary>
    public const int InvalidInput = 2;

    /// <summary>Database or runtime failure; the state is recorded and the same command resumes.</summary>
    public const int DatabaseFailure = 3;

    /// <summary>Blocked: another run holds the migration lock, or lock-timeout retries were exhausted; try again.</summary>
    public const int Blocked = 4;
}
