namespace ZeroDowntime;

/// <summary>The driver's exit codes, in the same spirit as safe-migrate's own.</summary>
public static class ExitCodes
{
    /// <summary>The proof held: SafeMigrate released with no failed request and no lost write, and the plain run broke.</summary>
    public const int ProofHeld = 0;

    /// <summary>The proof did not hold: the SafeMigrate run failed requests or lost writes, or the plain run did not break.</summary>
    public const int ProofFailed = 1;

    /// <summary>Bad arguments.</summary>
    public const int BadUsage = 2;

    /// <summary>The harness itself failed: PostgreSQL, an app or the proxy did not start, a build output is missing.</summary>
    public const int HarnessFailure = 3;
}
