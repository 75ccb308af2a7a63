namespace SafeMigrate.Sql
{
    /// <summary>What a raw SQL statement does that matters during a release; each kind maps to one SM4xxx rule.</summary>
    internal enum SqlHazardKind
    {
        DropOrRename,
        AlterColumn,
        BlockingIndex,
        ValidatingConstraint,
        UnboundedDataChange,
        TableRewrite,
    }

    internal sealed class SqlFinding
    {
        public SqlFinding(SqlHazardKind kind, string description, string? table, bool isSetNotNull = false, bool isTypeChange = false)
        {
            Kind = kind;
            Description = description;
            Table = table;
            IsSetNotNull = isSetNotNull;
            IsTypeChange = isTypeChange;
        }

        public SqlHazardKind Kind { get; }

        /// <summary>Short description used in the diagnostic message ("DROP COLUMN on orders").</summary>
        public string Description { get; }

        /// <summary>The table the statement changes, when known (for the same-migration exemption).</summary>
        public string? Table { get; }

        /// <summary>ALTER COLUMN ... SET NOT NULL: PostgreSQL 12+ skips its scan when a validated CHECK (c IS NOT NULL) exists.</summary>
        public bool IsSetNotNull { get; }

        /// <summary>ALTER COLUMN ... TYPE (PostgreSQL) or ALTER COLUMN c &lt;type&gt; (T-SQL): a column's type changed in place.</summary>
        public bool IsTypeChange { get; }
    }
}
