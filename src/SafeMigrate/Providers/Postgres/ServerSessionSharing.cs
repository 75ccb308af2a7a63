namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// Whether one client connection keeps one server session for its whole life, or a proxy in between (a pooler) hands
/// the server session to other clients at transaction or statement boundaries.
/// </summary>
internal enum ServerSessionSharing
{
    /// <summary>A direct connection, or a session-mode pool (PgBouncer <c>pool_mode = session</c>, a pinned RDS Proxy connection).</summary>
    None,

    /// <summary>A transaction-mode pool: each transaction may run on a different server session (PgBouncer <c>pool_mode = transaction</c>, Supavisor's transaction port).</summary>
    PerTransaction,

    /// <summary>A statement-mode pool: each statement may run on a different server session and transaction blocks are refused (PgBouncer <c>pool_mode = statement</c>).</summary>
    PerStatement,
}
