namespace SafeMigrate.Sql
{
    internal enum SqlDataChangeKind
    {
        Update,
        Delete,
    }

    /// <summary>
    /// An UPDATE or DELETE of one table, read from raw SQL (<see cref="SqlStatement.ReadDataChange"/>): what the runner
    /// needs to place it in expand, and to run a whole-table UPDATE in batches instead of in one long transaction.
    /// </summary>
    internal sealed class SqlDataChange
    {
        public SqlDataChange(SqlDataChangeKind kind, string? schema, string table, bool bounded, string? setClause, string? notBatchable, bool plainDeleteOfEveryRow = false)
        {
            PlainDeleteOfEveryRow = plainDeleteOfEveryRow;
            Kind = kind;
            Schema = schema;
            Table = table;
            Bounded = bounded;
            SetClause = setClause;
            NotBatchable = notBatchable;
        }

        public SqlDataChangeKind Kind { get; }

        /// <summary>The schema as the server reads it (PostgreSQL folds an unquoted name to lower case), null when not written.</summary>
        public string? Schema { get; }

        /// <summary>The table as the server reads it.</summary>
        public string Table { get; }

        /// <summary>The statement has its own WHERE (outside parentheses): it touches the rows that match, not the whole table.</summary>
        public bool Bounded { get; }

        /// <summary>
        /// For a whole-table UPDATE that can run batch by batch: its SET list as written (<c>"a" = "b", "c" = NULL</c>);
        /// null for a bounded statement, a DELETE, or an UPDATE that cannot be split (<see cref="NotBatchable"/>).
        /// </summary>
        public string? SetClause { get; }

        /// <summary><c>DELETE FROM t</c> and nothing more: the runner deletes it in key-range batches.</summary>
        public bool PlainDeleteOfEveryRow { get; }

        /// <summary>Why a whole-table statement cannot run in batches; null when it can, or when it is bounded.</summary>
        public string? NotBatchable { get; }
    }
}
