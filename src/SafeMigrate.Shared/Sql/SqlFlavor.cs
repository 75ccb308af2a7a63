namespace SafeMigrate.Sql
{
    /// <summary>The server a statement is judged for: the text is read the same way, what the server refuses differs.</summary>
    internal enum SqlFlavor
    {
        Postgres,
        SqlServer,
    }
}
