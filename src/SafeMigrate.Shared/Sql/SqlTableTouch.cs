namespace SafeMigrate.Sql
{
    /// <summary>A table a statement scans, indexes or rewrites, its name as the server knows it (quotes and brackets removed).</summary>
    internal sealed class SqlTableTouch
    {
        public SqlTableTouch(string? schema, string table, SqlTableWork work)
        {
            Schema = schema;
            Table = table;
            Work = work;
        }

        /// <summary>The schema written in the statement; null when the name is unqualified (the server's default applies).</summary>
        public string? Schema { get; }

        public string Table { get; }

        public SqlTableWork Work { get; }

        public override string ToString() => (Schema == null ? Table : Schema + "." + Table) + " (" + Work + ")";
    }
}
