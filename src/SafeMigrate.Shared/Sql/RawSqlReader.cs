namespace SafeMigrate.Sql
{
    /// <summary>
    /// The one reader of raw SQL (Execute.Sql, Execute.SqlInExpand/InContract, generated statements): the analyzer and the
    /// runner both compile this source, so they judge the same text alike. It tokenizes; comments (--, nested /* */) and
    /// string literals ('...', N'...', E'...', $tag$...$tag$) are opaque and never change a verdict.
    /// </summary>
    internal static class RawSqlReader
    {
        public static RawSqlReading Read(string sql, SqlFlavor flavor) => new RawSqlReading(SqlStatementScanner.Scan(sql), flavor);
    }
}
