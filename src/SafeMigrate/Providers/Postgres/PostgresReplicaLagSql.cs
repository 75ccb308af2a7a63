namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// The SQL of the replica-lag throttle on PostgreSQL. Positions are WAL LSNs turned into numbers (<c>pg_lsn - '0/0'</c>
/// is numeric, PostgreSQL 9.4+), so that the runner can compare them with the primary's samples.
/// </summary>
internal static class PostgresReplicaLagSql
{
    /// <summary>
    /// The primary's current WAL position, and one row per physical streaming replica with its replay position (a row
    /// of nulls when there is none). Only walsenders streaming or catching up with a replay position count: the WAL
    /// streams of <c>pg_basebackup</c> and <c>pg_receivewal</c> report no replay position (they replay nothing), a
    /// walsender starting up or in a base backup is no replica yet, and logical walsenders (they hold a logical slot)
    /// feed subscribers, not standbys. <c>pg_stat_replication</c> shows the positions only to superusers and roles with
    /// <c>pg_read_all_stats</c> (<c>pg_monitor</c> has it); other roles see the rows with a null state, skipped here.
    /// </summary>
    public const string ReadPrimary = """
        SELECT pg_current_wal_lsn() - '0/0'::pg_lsn AS primary_position,
               r.application_name, host(r.client_addr) AS client_addr, r.replay_lsn - '0/0'::pg_lsn AS replayed
        FROM (SELECT 1) AS one
        LEFT JOIN pg_stat_replication AS r
          ON r.state IN ('streaming', 'catchup') AND r.replay_lsn IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM pg_replication_slots AS s WHERE s.active_pid = r.pid AND s.slot_type = 'logical')
        """;

    /// <summary>Walsenders whose details this role may not see (the state is null unless it has <c>pg_read_all_stats</c>).</summary>
    public const string CountHiddenWalSenders = "SELECT count(*) FROM pg_stat_replication WHERE state IS NULL";

    /// <summary>On a replica named by <c>--replica</c>: whether it is one, and the last WAL position it replayed.</summary>
    public const string ReadReplica = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() - '0/0'::pg_lsn";

    /// <summary>The cluster's identity, equal on a primary and its physical standbys (pg_control_system() is PostgreSQL 9.6+).</summary>
    public const string SystemIdentifier = "SELECT system_identifier FROM pg_control_system()";
}
