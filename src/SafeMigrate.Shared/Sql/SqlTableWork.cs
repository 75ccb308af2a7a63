namespace SafeMigrate.Sql
{
    /// <summary>What a statement does to a whole table that takes time in proportion to its size.</summary>
    internal enum SqlTableWork
    {
        /// <summary>Reads every row: a constraint validation, SET NOT NULL, a plain VACUUM.</summary>
        Scan,

        /// <summary>Builds an index on the table (CONCURRENTLY: two scans, writes go on).</summary>
        IndexBuild,

        /// <summary>Writes rows: UPDATE, DELETE, MERGE, a type change, VACUUM FULL, CLUSTER.</summary>
        Rewrite,
    }
}
