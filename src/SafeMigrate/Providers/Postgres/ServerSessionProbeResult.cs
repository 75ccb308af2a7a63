using SafeMigrate.Planning;
namespace SafeMigrate.Providers.Postgres;

/// <summary>What <see cref="PostgresServerSessionProbe"/> found, and the observation that showed it (for the one-line refusal).</summary>
internal sealed record ServerSessionProbeResult(ServerSessionSharing Sharing, string Evidence)
{
    public bool KeepsSession => Sharing == ServerSessionSharing.None;

    /// <summary>The one line a command that changes the database refuses with: what was detected, and what to give instead.</summary>
    public string Refusal => Sharing switch
    {
        ServerSessionSharing.PerStatement =>
            $"The connection goes through a statement-pooling proxy (PgBouncer pool_mode = statement or similar): {Evidence}. " + WhatToDo,
        _ =>
            $"The connection goes through a transaction-pooling proxy (PgBouncer pool_mode = transaction, Supavisor's transaction port or similar): {Evidence}. " + WhatToDo,
    };

    private const string WhatToDo =
        "A run needs one server session for its whole life (the migration lock, the lock timeout and prepared statements live in it), " +
        "and such a pool hands the session to other clients between transactions; nothing was locked or changed. " +
        "Give a direct connection string (the server's own host and port) or one to a session-mode pool (see docs/runner.md, \"Poolers and proxies\").";
}
